import re

# "Sandi" alone would also match "Kata sandi (lagi)"; labels start with whitespace from the template.
PASSWORD_LABEL = re.compile(r"^\s*Sandi")


def log_in(page, email, password):
    page.goto("/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name="Masuk").click()
