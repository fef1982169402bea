"""Field types of the records: ids, lists, dates, clean text, names and web addresses, and the
validation context of input (:data:`INPUT`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from graph.model.dates import parse_day
from graph.model.kinds import Labelled
from graph.model.text import SLUG_RE
from graph.names import describe, mixed_script_words, script_names, web_url_problem


def _check_slug(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not SLUG_RE.match(value):
            raise PydanticCustomError("bad_slug", "'{value}' is not a valid id", {"value": value})
    return value


def _parse_date(value: Any) -> Any:
    """ISO (``2024-05-01``) or Swiss (``01.05.2024``) dates; empty means none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_day(value)
        except ValueError:
            raise PydanticCustomError(
                "bad_date", "'{value}' is not a valid date", {"value": value}
            ) from None
    return value


def _split_list(value: Any) -> Any:
    """Lists may come as ``a|b|c`` strings (CSV cells); blanks are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


def blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Slug = Annotated[str, BeforeValidator(_check_slug)]
OptionalSlug = Annotated[Slug | None, BeforeValidator(blank_to_none)]
SlugList = Annotated[list[Slug], BeforeValidator(_split_list)]
OptionalDate = Annotated[date | None, BeforeValidator(_parse_date)]
#: Text without C0 control characters (tab, newline and carriage return are fine): XML formats
#: (GraphML, GEXF, xlsx) cannot hold them. Checked by pydantic's own regex engine (fast), and
#: reported as ``control_character`` (see graph.validation).
CONTROL_FREE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Clean = Annotated[str, StringConstraints(pattern=CONTROL_FREE)]
StrList = Annotated[list[Clean], BeforeValidator(_split_list)]
OptionalStr = Annotated[Clean | None, BeforeValidator(blank_to_none)]
Text = Annotated[Clean, BeforeValidator(lambda value: "" if value is None else value)]


def choice(enum: type[Labelled]) -> BeforeValidator:
    return BeforeValidator(enum.parse)


def _required_name(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("empty_name", "name must not be empty")
    return value


#: The validation context of records on their way into the store (graph.validation passes it):
#: rules added after records were stored (one script per word, web addresses) apply to input
#: only, so that a record stored before them can still be read.
INPUT: dict[str, Any] = {"input": True}


def _is_input(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("input"))


def _one_script_per_word(value: str, info: ValidationInfo) -> str:
    if _is_input(info):
        for word, scripts, letters in mixed_script_words(value):
            raise PydanticCustomError(
                "mixed_script", "the word '{word}' mixes scripts ({scripts})",
                {"word": word, "scripts": script_names(scripts, "en"),
                 "scripts_de": script_names(scripts, "de"), "letters": describe(letters)})
    return value


Name = Annotated[Clean, BeforeValidator(_required_name), AfterValidator(_one_script_per_word)]


def _web_url(value: str | None, info: ValidationInfo) -> str | None:
    if value is not None and _is_input(info):
        why = web_url_problem(value)
        if why is not None:
            raise PydanticCustomError("bad_url", "'{value}' is not an http(s) address",
                                      {"value": value, "why": why})
    return value


#: A web address: ``http://`` or ``https://`` with a host (checked on input).
WebUrl = Annotated[OptionalStr, AfterValidator(_web_url)]
