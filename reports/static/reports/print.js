// The "Cetak" link opens the browser's print dialog (a file, not inline, for the Content-Security-Policy).
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
