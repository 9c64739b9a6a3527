from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, Instansi, LoginThrottle, UnitKerja, User
from .scoping import manageable_users


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the app's own workflow writes (audit events, frozen scorecards, import
    batches, calibrations, instruments): the admin lists and shows them, never adds or edits
    them, and deletes them only where `can_delete_rows` says so."""

    can_delete_rows = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.can_delete_rows and super().has_delete_permission(request, obj)


class NoRevertHistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to restore, for rows that only workflow functions move (an
    assessment's status and totals). simple-history's "Revert" saves the old version whole,
    read-only fields included, with no transition, reason or audit event: it would un-finalise
    an assessment behind the workflow's back. Hiding the button is not enough (the form view
    saves any POST), so a POST is refused."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Instansi)
class InstansiAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "jenis", "kode_bkn", "provinsi"]
    list_filter = ["jenis"]
    search_fields = ["nama", "kode_bkn"]
    autocomplete_fields = ["provinsi"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "kode", "induk", "instansi"]
    list_filter = ["instansi"]
    search_fields = ["nama", "kode"]
    autocomplete_fields = ["instansi", "induk"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "instansi", "is_active"]
    list_filter = ["role", "is_active", "instansi__jenis"]
    autocomplete_fields = ["instansi"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Peran di Merit"), {"fields": ["role", "instansi", "nip", "jabatan"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Peran di Merit"), {"fields": ["role", "instansi"]}),
    )

    # The same rule as the app's user pages (agencies.scoping.manageable_users): should a
    # superadmin give an agency admin the admin site, they still manage only their agency's
    # operators and admins, and cannot hand out other roles or superuser rights.
    def get_queryset(self, request):
        return super().get_queryset(request) & manageable_users(request.user)

    def _manages(self, request, obj) -> bool:
        return obj is None or manageable_users(request.user).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return self._manages(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated (is_active), never deleted: the audit trail names them.
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superadmin:
            return fieldsets
        hidden = {"is_superuser", "is_staff", "groups", "user_permissions"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "instansi" and not request.user.is_superadmin:
            kwargs["queryset"] = Instansi.objects.filter(pk=request.user.instansi_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superadmin:
            kwargs["choices"] = [(role.value, role.label) for role in User.ROLES_SATU_INSTANSI]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created", "action", "actor_name", "instansi", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "actor__username", "actor_name"]
    date_hierarchy = "created"


@admin.register(LoginThrottle)
class LoginThrottleAdmin(ReadOnlyAdmin):
    """Failed-login counts; deleting a row releases that account (or address) at once."""

    list_display = ["scope", "username", "ip_address", "failures", "last_failure", "locked_until"]
    list_filter = ["scope"]
    search_fields = ["username", "ip_address"]
    can_delete_rows = True
