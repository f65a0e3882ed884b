import pytest
from django.core.management import CommandError, call_command

from loket.transitions.models import Calibration


def test_calibrate_transitions_stores_thresholds_and_prints_examples(sample_taxonomy, capsys):
    call_command("calibrate_transitions")
    calibration = Calibration.objects.get(release=sample_taxonomy)
    output = capsys.readouterr().out
    assert f"{calibration.viable:.3f}" in output and f"{calibration.highly_viable:.3f}" in output
    assert calibration.examples[0]["origin"] in output
    call_command("calibrate_transitions")  # again: replaced, not added
    assert Calibration.objects.count() == 1


def test_calibrate_transitions_without_a_taxonomy_says_what_to_do(db):
    with pytest.raises(CommandError, match="import-esco"):
        call_command("calibrate_transitions")
