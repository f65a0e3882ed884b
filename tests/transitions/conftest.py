import pytest

from loket.taxonomy.models import Concept, ConceptKind, Label


def occupation(label):
    return Concept.objects.get(kind=ConceptKind.OCCUPATION, labels__language="en", labels__kind="preferred", labels__text=label)


@pytest.fixture
def aircraft(sample_taxonomy):
    return occupation("aircraft maintenance technician")


@pytest.fixture
def electrician(sample_taxonomy):
    return occupation("electrician")


@pytest.fixture
def wind(sample_taxonomy):
    return occupation("onshore wind farm technician")
