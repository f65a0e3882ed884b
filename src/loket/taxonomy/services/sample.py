from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample"
SAMPLE_PATHS = [SAMPLE_DIR / "en", SAMPLE_DIR / "nl"]
# Cut from ESCO v1.2.0 (scripts/make_sample_taxonomy.py) with our own Dutch skill labels.
SAMPLE_VERSION = "1.2.0-sample"
