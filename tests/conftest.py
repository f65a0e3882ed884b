import io
import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("LOKET_SHARED_DIR", PROJECT_DIR.parent / "shared"))
ESCO_RELEASE = SHARED_DIR / "esco" / "v1.2.0"


@pytest.fixture(autouse=True)
def noord_holland(request):
    """Noord-Holland's regions and municipalities, the ecosystem's classifications and the documents' content
    (sources, organisations, initiatives), as the data migrations leave them.

    Transactional tests (the browser tests) empty every table afterwards, the
    migration's data included; this puts it back for whichever test comes next.
    """
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from loket.geography.models import Municipality, Region
    from loket.geography.services import load_noord_holland

    if not Municipality.objects.exists():
        load_noord_holland(Region, Municipality)
    from loket.ecosystem.models import Classification
    from loket.ecosystem.vocabulary import classification_codes

    if not Classification.objects.exists():
        Classification.objects.bulk_create([Classification(scheme=scheme, code=code) for scheme, code in classification_codes()])
    from loket.ecosystem.content import load_documents
    from loket.ecosystem.models import Source

    if not Source.objects.exists():
        load_documents()


@pytest.fixture
def sample_taxonomy(db):
    from loket.taxonomy.services.importer import import_release
    from loket.taxonomy.services.sample import SAMPLE_PATHS, SAMPLE_VERSION

    return import_release(SAMPLE_PATHS, version=SAMPLE_VERSION)


@pytest.fixture
def make_user(db):
    from loket.accounts.models import User

    def make(role=None, email=None, password="een-lang-wachtwoord-42", **extra):
        email = email or f"{role or 'user'}@example.nl"
        user = User.objects.create_user(email=email, full_name=extra.pop("full_name", "Test Gebruiker"), password=password, **extra)
        if role:
            user.grant_role(role)
        return user

    return make


def require_shared_esco():
    if not (ESCO_RELEASE / "en" / "occupations_en.csv").exists():
        pytest.skip(f"The ESCO v1.2.0 release is not at {ESCO_RELEASE} (set LOKET_SHARED_DIR to the shared folder).")
    return ESCO_RELEASE


@pytest.fixture
def run():
    """Run a management command; returns what it printed."""
    from django.core.management import call_command

    def run_command(*args):
        out = io.StringIO()
        call_command(*args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    return run_command
