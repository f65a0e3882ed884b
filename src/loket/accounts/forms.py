from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User
from .roles import SELF_SERVICE_ROLES, Role

# The synthetic population's domain (loket.generator.services has the same):
# ``loket generate --clear`` deletes every account at it, a real one included.
SYNTHETIC_EMAIL_DOMAIN = "synthetisch.loket.nl"


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))

    error_messages = {
        "invalid_login": _("Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters in het wachtwoord."),
        "inactive": _("Dit account is niet actief."),
    }


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    role = forms.ChoiceField(
        label=_("Ik kom naar het loket als"),
        choices=[(role.value, role.label) for role in SELF_SERVICE_ROLES],
        initial=Role.PERSON.value,
        widget=forms.RadioSelect,
        help_text=_("Coaches, fondsbeheerders en analisten krijgen hun rol van een beheerder."),
    )
    organisation_name = forms.CharField(
        label=_("Naam van uw organisatie"),
        max_length=200,
        required=False,
        help_text=_("Alleen voor werkgevers en opleiders."),
    )
    organisation_kvk = forms.RegexField(
        label=_("KvK-nummer"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("Een KvK-nummer heeft precies acht cijfers.")},
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens tien tekens, niet alleen cijfers en niet te gewoon."),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email.endswith("@" + SYNTHETIC_EMAIL_DOMAIN):
            raise forms.ValidationError(
                _(
                    "E-mailadressen op @%(domain)s zijn voor de nagemaakte proefbevolking van het loket, "
                    "en accounts daarmee worden automatisch gewist. Gebruik uw eigen e-mailadres."
                )
                % {"domain": SYNTHETIC_EMAIL_DOMAIN}
            )
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres. Wachtwoord vergeten? Vraag een nieuw aan."))
        return email

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in (Role.EMPLOYER, Role.PROVIDER):
            name = (data.get("organisation_name") or "").strip()
            if not name:
                self.add_error("organisation_name", _("Vul de naam van uw organisatie in."))
            else:
                kind = Organisation.Kind.EMPLOYER if role == Role.EMPLOYER else Organisation.Kind.PROVIDER
                if Organisation.objects.filter(name__iexact=name, kind=kind).exists():
                    self.add_error(
                        "organisation_name",
                        _("Deze organisatie heeft al een account. Vraag de beheerder van uw organisatie u toe te voegen."),
                    )
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
