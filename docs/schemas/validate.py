#!/usr/bin/env python3
"""Checks a JSON document against one of the ncod command's schemas (needs the jsonschema package).

    docs/schemas/validate.py docs/schemas/ncod-take.schema.json output.json
"""
import glob
import json
import os
import sys

import jsonschema
from referencing import Registry, Resource

schema_path, document_path = sys.argv[1], sys.argv[2]
folder = os.path.dirname(os.path.abspath(schema_path))
resources = []
for path in glob.glob(os.path.join(folder, "*.schema.json")):
    with open(path, encoding="utf-8") as handle:
        contents = json.load(handle)
    resources.append((contents["$id"], Resource.from_contents(contents)))
with open(schema_path, encoding="utf-8") as handle:
    schema = json.load(handle)
with open(document_path, encoding="utf-8") as handle:
    document = json.load(handle)
validator = jsonschema.Draft202012Validator(
    schema, registry=Registry().with_resources(resources), format_checker=jsonschema.FormatChecker()
)
errors = list(validator.iter_errors(document))
for error in errors:
    print(f"{list(error.absolute_path)}: {error.message}")
sys.exit(1 if errors else 0)
