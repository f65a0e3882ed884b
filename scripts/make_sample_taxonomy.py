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


def walk_up(broader_file, start, group_type):
    """Broader edges from the start concepts up to the top: the edges kept,
    and the group concepts reached."""
    fields, edges = read(broader_file)
    broader_of = {}
    for row in edges:
        broader_of.setdefault(row["conceptUri"], []).append(row)
    groups, kept, todo = set(), [], list(start)
    while todo:
        uri = todo.pop()
        for row in broader_of.get(uri, []):
            if row["broaderType"] == group_type or row["broaderUri"] in start:
                kept.append(row)
                if row["broaderType"] == group_type and row["broaderUri"] not in groups:
                    groups.add(row["broaderUri"])
                    todo.append(row["broaderUri"])
    kept.sort(key=lambda row: (row["conceptUri"], row["broaderUri"]))  # stable files between runs
    return fields, kept, groups


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

    # The chains up to the top of each hierarchy: ISCO groups for the
    # occupations, skill groups for the skills.
    occ_broader_fields, kept_occ_broader, isco_uris = walk_up(en / "broaderRelationsOccPillar_en.csv", occ_uris, "ISCOGroup")
    sk_broader_fields, kept_sk_broader, group_uris = walk_up(en / "broaderRelationsSkillPillar_en.csv", skill_uris, "SkillGroup")

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
