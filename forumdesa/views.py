from django.shortcuts import render

from accounts.models import StaffRole
from villages.models import Official, Region, Village


def home(request):
    context = {
        "village_count": Village.objects.count(),
        "official_count": Official.objects.active().count(),
        "province_count": Region.objects.provinces().count(),
    }
    if request.user.is_authenticated:
        context["my_positions"] = (
            Official.objects.filter(user=request.user)
            .exclude(status=Official.Status.REJECTED)
            .select_related("position", "village__region__parent__parent__parent")
            .order_by("-created_at")[:5]
        )
        context["my_staff_roles"] = StaffRole.objects.filter(user=request.user, is_active=True).select_related(
            "region__parent__parent"
        )
    return render(request, "home.html", context)
