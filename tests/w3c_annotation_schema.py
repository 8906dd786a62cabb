"""A JSON Schema for the W3C Web Annotation export, written for this project.

It encodes, in our own words, the MUST requirements that the W3C Web Annotation test suite states
for what our export contains: a collection, its embedded page, annotations, their bodies and
targets, and the two selectors we use. Read from (commit adedd9a5f06d9daa75bbfbb97aa9215cd09b4bb5):

- https://github.com/w3c/web-annotation-tests/blob/master/collections/collectionMusts.test
  (5.1: @context, id, type, label, total, first, last) and the assertion files it lists;
- https://github.com/w3c/web-annotation-tests/blob/master/collections/pages/pageMusts.test
  (5.2: id, type, items, startIndex, partOf) and the assertion files it lists;
- https://github.com/w3c/web-annotation-tests/blob/master/annotations/annotationMusts.test
  (3.1: @context, id, type, target; 3.2: bodies and targets; 3.2.5: not both body and
  bodyValue; 3.3.1: created and modified are date-times);
- https://github.com/w3c/web-annotation-tests/blob/master/definitions/collections.json,
  definitions/id.json, definitions/bodyTarget.json, definitions/specificResource.json,
  definitions/otherProperties.json and annotations.json (the definitions those files refer to);
- annotations/specificResource/4.2.4-textQuoteSelectorValid.json (4.2.4: ``exact`` is required)
  and 4.2-TextDataPositionSelectorValid.json (4.2.5: ``start`` and ``end`` are non-negative
  integers).

Where the suite allows a one-item array in place of a single value, this schema asks for the
single value, which is what our export writes. An IRI is checked with a pattern (a scheme, a colon,
no white space) so the check does not depend on an optional format-checking package. Embedded
annotations inherit the collection's ``@context``; the test validates each one with it added.
"""

from __future__ import annotations

from typing import Any

IRI: dict[str, Any] = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$"}
DATE_TIME: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$",
}
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The motivations of the Web Annotation vocabulary, which a body's purpose must be one of.
MOTIVATIONS = [
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
]

TEXT_QUOTE_SELECTOR = {
    "type": "object",
    "required": ["type", "exact"],
    "properties": {
        "type": {"const": "TextQuoteSelector"},
        "exact": {"type": "string"},
        "prefix": {"type": "string"},
        "suffix": {"type": "string"},
    },
}
TEXT_POSITION_SELECTOR = {
    "type": "object",
    "required": ["type", "start", "end"],
    "properties": {
        "type": {"const": "TextPositionSelector"},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
    },
}
TEXTUAL_BODY = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "type": {"const": "TextualBody"},
        "value": {"type": "string"},
        "purpose": {"enum": MOTIVATIONS},
        "format": {"type": "string"},
    },
}
# A specific resource: a source (an IRI) and at least one selector (our targets).
SPECIFIC_RESOURCE = {
    "type": "object",
    "required": ["source", "selector"],
    "properties": {
        "source": IRI,
        "selector": {
            "type": "array",
            "minItems": 1,
            "items": {"oneOf": [TEXT_QUOTE_SELECTOR, TEXT_POSITION_SELECTOR]},
        },
    },
}
ANNOTATION = {
    "type": "object",
    "required": ["@context", "id", "type", "target"],
    "not": {"required": ["body", "bodyValue"]},
    "properties": {
        "@context": {"const": CONTEXT},
        "id": IRI,
        "type": {"const": "Annotation"},
        "body": {"type": "array", "items": TEXTUAL_BODY},
        # One target, or several (an answer code: the question, then the evidence).
        "target": {
            "oneOf": [
                SPECIFIC_RESOURCE,
                {"type": "array", "minItems": 1, "items": SPECIFIC_RESOURCE},
            ]
        },
        "created": DATE_TIME,
        "modified": DATE_TIME,
        "creator": {"type": "object"},
    },
}
PAGE = {
    "type": "object",
    "required": ["id", "type", "items"],
    "properties": {
        "id": IRI,
        "type": {"const": "AnnotationPage"},
        "partOf": IRI,
        "startIndex": {"type": "integer", "minimum": 0},
        # Items are annotations (checked one by one, with the context added) or IRIs.
        "items": {"type": "array", "items": {"type": ["object", "string"]}},
        "next": IRI,
        "prev": IRI,
    },
}
COLLECTION = {
    "type": "object",
    "required": ["@context", "id", "type"],
    "properties": {
        "@context": {"const": CONTEXT},
        "id": IRI,
        "type": {"const": "AnnotationCollection"},
        "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {"oneOf": [IRI, PAGE]},
        "last": IRI,
    },
    # A collection with annotations in it must say where its first page is.
    "if": {"required": ["total"], "properties": {"total": {"minimum": 1}}},
    "then": {"required": ["first"]},
}
