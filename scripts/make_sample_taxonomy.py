"""Cut the small demo/test taxonomy out of a full ESCO CSV release.

The sample keeps real ESCO URIs, so a later import of the full release updates
the same concepts instead of adding look-alikes. Dutch skill labels are not in
the shared release; ours live in sample/nl/skills_nl.csv and are kept when this
script is re-run (it only rewrites the files it derives).

Usage: python scripts/make_sample_taxonomy.py ../shared/esco/v1.2.0 src/loket/taxonomy/sample
"""

import csv
import sys
from pathlib import Path

OCCUPATIONS = [
    "aircraft maintenance technician",
    "aircraft engine specialist",
    "electrician",
    "industrial electrician",
    "onshore wind farm technician",
    "offshore renewable energy technician",
    "refrigeration air condition and heat pump technician",
    "solar energy technician",
    "marine engineering technician",
    "marine mechanic",
    "welder",
    "mechatronics engineering technician",
    "electricity distribution technician",
    "heating technician",
    "software developer",
]
# Optional skills are kept only when another sample occupation needs them as
# essential, so the sample shows overlap between occupations without growing.


def read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write(path, fields, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(release, out):
    release, out = Path(release), Path(out)
    en, nl = release / "en", release / "nl"
    occ_fields, occupations = read(en / "occupations_en.csv")
    chosen = [o for o in occupations if o["preferredLabel"].strip() in OCCUPATIONS]
    occ_uris = {o["conceptUri"] for o in chosen}
    assert len(chosen) == len(OCCUPATIONS), "an occupation was not found"

    rel_fields, relations = read(en / "occupationSkillRelations_en.csv")
    relations = [r for r in relations if r["occupationUri"] in occ_uris]
    essential = {r["skillUri"] for r in relations if r["relationType"] == "essential"}
    relations = [r for r in relations if r["skillUri"] in essential]
    skill_uris = essential

    # ISCO groups: the chain of each occupation up to the major group.
    occ_broader_fields, occ_broader = read(en / "broaderRelationsOccPillar_en.csv")
    broader_of = {}
    for row in occ_broader:
        broader_of.setdefault(row["conceptUri"], []).append(row)
    isco_uris, kept_occ_broader, todo = set(), [], list(occ_uris)
    while todo:
        uri = todo.pop()
        for row in broader_of.get(uri, []):
            if row["broaderType"] == "ISCOGroup" or row["broaderUri"] in occ_uris:
                kept_occ_broader.append(row)
                if row["broaderUri"] not in isco_uris and row["broaderType"] == "ISCOGroup":
                    isco_uris.add(row["broaderUri"])
                    todo.append(row["broaderUri"])

    sk_broader_fields, sk_broader = read(en / "broaderRelationsSkillPillar_en.csv")
    sk_broader_of = {}
    for row in sk_broader:
        sk_broader_of.setdefault(row["conceptUri"], []).append(row)
    group_uris, kept_sk_broader, todo = set(), [], list(skill_uris)
    while todo:
        uri = todo.pop()
        for row in sk_broader_of.get(uri, []):
            if row["broaderType"] == "SkillGroup" or row["broaderUri"] in skill_uris:
                kept_sk_broader.append(row)
                if row["broaderType"] == "SkillGroup" and row["broaderUri"] not in group_uris:
                    group_uris.add(row["broaderUri"])
                    todo.append(row["broaderUri"])

    def subset(name, key, uris, lang_dir=en):
        fields, rows = read(lang_dir / name)
        return fields, [r for r in rows if r[key] in uris]

    outputs = {
        "en/occupations_en.csv": (occ_fields, chosen),
        "en/occupationSkillRelations_en.csv": (rel_fields, relations),
        "en/broaderRelationsOccPillar_en.csv": (occ_broader_fields, kept_occ_broader),
        "en/broaderRelationsSkillPillar_en.csv": (sk_broader_fields, kept_sk_broader),
        "en/skills_en.csv": subset("skills_en.csv", "conceptUri", skill_uris),
        "en/ISCOGroups_en.csv": subset("ISCOGroups_en.csv", "conceptUri", isco_uris),
        "en/skillGroups_en.csv": subset("skillGroups_en.csv", "conceptUri", group_uris),
        "nl/occupations_nl.csv": subset("occupations_nl.csv", "conceptUri", occ_uris, nl),
        "nl/ISCOGroups_nl.csv": subset("ISCOGroups_nl.csv", "conceptUri", isco_uris, nl),
        "nl/skillGroups_nl.csv": subset("skillGroups_nl.csv", "conceptUri", group_uris, nl),
    }
    ss_fields, ss_rows = read(en / "skillSkillRelations_en.csv")
    outputs["en/skillSkillRelations_en.csv"] = (
        ss_fields,
        [r for r in ss_rows if r["originalSkillUri"] in skill_uris and r["relatedSkillUri"] in skill_uris],
    )
    for collection in ("green", "digital", "transversal", "language"):
        name = f"{collection}SkillsCollection_en.csv"
        outputs["en/" + name] = subset(name, "conceptUri", skill_uris)
    for name, (fields, rows) in outputs.items():
        write(out / name, fields, rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main(*sys.argv[1:3])
