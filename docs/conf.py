"""Sphinx configuration for the perfmeasures documentation.

The build is nitpicky: every cross-reference must resolve.  Three handlers
below make that hold without private names leaking into the pages:

- :func:`_resolve_public` points references to private paths
  (``perfmeasures._periods.Year``, which type hints produce) and to bare names
  (``InvalidValueError`` in a docstring's ``Raises:``) at the public object
  that is documented (``perfmeasures.Year``);
- :func:`_public_types` and :func:`_public_titles` rewrite the private paths
  in the attribute types that napoleon writes out in full and in the titles
  of links, so that pages show public paths;
- :func:`_attrs_defaults` shows an attrs class's defaults as values
  (``basis=Basis.YEAR_TO_DATE``) where the source of attrs' generated
  ``__init__`` would show ``attr_dict['basis'].default``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import sys
import types
import typing
from decimal import Decimal
from importlib.metadata import version as _version
from typing import Any

import attrs
from docutils import nodes  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.nodes import make_refnode

project = "perfmeasures"
author = "The perfmeasures developers"
copyright = "2026, The perfmeasures developers"
release = _version("perfmeasures")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Functions show the defaults as written (``key=DEFAULT_KEY``, not the key's
# repr); attrs classes are handled by _attrs_defaults below.
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# The documentation builds offline: no inventories are fetched, so references
# to the standard library and to third-party packages cannot resolve and are
# shown as plain text instead.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

_EXTERNAL = (
    # The standard library.
    "abc",
    "collections",
    "collections.abc",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "io",
    "json",
    "os",
    "pathlib",
    "re",
    "types",
    "typing",
    "typing_extensions",
    # Third-party packages.
    "attr",
    "attrs",
    "cattr",
    "cattrs",
    "hypothesis",
    "matplotlib",
    "numpy",
    "openpyxl",
    "pandas",
)
nitpick_ignore_regex = [
    (r"py:.*", rf"(?:{'|'.join(re.escape(name) for name in _EXTERNAL)})(?:\..+)?"),
    # pandas, as the pandas glue's annotations abbreviate it.
    (r"py:.*", r"pd\..+"),
]
# References that only a change to a docstring (or to what is public) in src/
# can fix; each entry says where and what.  Remove an entry once its cause is
# fixed: the build then checks the reference again.
nitpick_ignore: list[tuple[str, str]] = []

html_theme = "furo"
html_title = "perfmeasures"

# Only the ``doctest`` blocks of these pages run here; docstring examples run
# under pytest with the module's own globals.
doctest_test_doctest_blocks = ""


# -- Public names -------------------------------------------------------------

#: The public modules, in the order in which a name exported by several of
#: them is looked for: the first that documents it is where it lives.
PUBLIC_MODULES = (
    "perfmeasures",
    "perfmeasures.io",
    "perfmeasures.reports",
    "perfmeasures.spc",
    "perfmeasures.presets",
    "perfmeasures.strategies",
    "perfmeasures.plot",
    "perfmeasures.examples",
)


def _public_paths() -> tuple[dict[int, list[str]], dict[str, int]]:
    """Every public path of every public object, and where each path leads.

    Returns the public paths of each object (by ``id``), in the order of
    :data:`PUBLIC_MODULES`, and each path (public, or the private
    ``module.qualname`` where the object is defined) to the object's ``id``.
    """
    paths: dict[int, list[str]] = {}
    where: dict[str, int] = {}
    for module_name in PUBLIC_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # An extra that is not installed (plot).
            continue
        for name in getattr(module, "__all__", ()):
            try:
                obj = getattr(module, name)
            except (AttributeError, ImportError):
                continue
            public = f"{module_name}.{name}"
            paths.setdefault(id(obj), []).append(public)
            where[public] = id(obj)
            defined_in = getattr(obj, "__module__", None)
            qualname = getattr(obj, "__qualname__", None)
            if isinstance(defined_in, str) and isinstance(qualname, str):
                where.setdefault(f"{defined_in}.{qualname}", id(obj))
    return paths, where


_PATHS, _WHERE = _public_paths()


def _documented(env: BuildEnvironment, path: str) -> str | None:
    """The documented public path of the object at *path* (and its members).

    *path* may be private (``perfmeasures._periods.Year.start``) or public
    but not where the object is documented (``perfmeasures.io.LossyConversionError``).
    """
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        found = _WHERE.get(".".join(parts[:cut]))
        if found is None:
            continue
        rest = parts[cut:]
        for public in _PATHS[found]:
            candidate = ".".join([public, *rest])
            if candidate in objects:
                return candidate
        return None
    return None


def _object_at(path: str) -> object:
    """The object a dotted *path* names, or ``None``."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except (ImportError, ValueError):  # Not a module (or not a name).
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj
    return None


# -- References ---------------------------------------------------------------


def _is_type_variable(target: str, module: str | None, klass: str | None) -> bool:
    """Whether *target* names a type variable, here or where the class is defined."""
    places = [target]
    if module:
        places.append(f"{module}.{target}")
        defined_in = (
            getattr(_object_at(f"{module}.{klass}"), "__module__", None)
            if klass
            else None
        )
        if isinstance(defined_in, str):
            places.append(f"{defined_in}.{target}")
    return any(isinstance(_object_at(place), typing.TypeVar) for place in places)


def _field_of(objects: dict[str, Any], path: str) -> str | None:
    """The documented class of which *path* names an attrs field, if any.

    Fields are documented in their class's parameters, not as attributes of
    their own, so a reference to one (``perfmeasures.Plan.rules``) leads to
    the class.
    """
    owner, _, name = path.rpartition(".")
    if owner not in objects:
        return None
    cls = _object_at(owner)
    if isinstance(cls, type) and attrs.has(cls) and name in attrs.fields_dict(cls):
        return owner
    return None


def _resolve_public(
    app: Sphinx,
    env: BuildEnvironment,
    node: nodes.Element,
    contnode: nodes.Element,
) -> nodes.Element | None:
    """Resolve a Python reference that Sphinx could not to the public object.

    Private paths (from type hints) and public paths that are not where the
    object is documented go to the documented public path; a bare or
    partial name (``InvalidValueError``, ``Plan.read_period``) is looked for
    in the current class and module, then in every public module; an attrs
    field leads to its class.  A type variable has no page of its own: it
    is left as text.
    """
    if node.get("refdomain") != "py":
        return None
    target: str = node["reftarget"].lstrip(".~")
    module = node.get("py:module")
    klass = node.get("py:class")
    if _is_type_variable(target, module, klass):
        return contnode
    candidates = [target]
    if klass:
        candidates.append(f"{klass}.{target}")
        if module:
            candidates.append(f"{module}.{klass}.{target}")
    if module:
        candidates.append(f"{module}.{target}")
    candidates += [f"{public}.{target}" for public in PUBLIC_MODULES]
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    for candidate in candidates:
        documented = candidate if candidate in objects else _documented(env, candidate)
        if documented is None and node.get("reftype") == "attr":
            documented = _field_of(objects, _documented_owner(env, candidate))
        if documented is None:
            continue
        entry = objects[documented]
        return make_refnode(
            app.builder,
            node["refdoc"],
            entry.docname,
            entry.node_id,
            contnode,
            documented,
        )
    return None


def _documented_owner(env: BuildEnvironment, path: str) -> str:
    """*path* with its owner (all but the last part) made the documented path."""
    owner, _, name = path.rpartition(".")
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    documented = owner if owner in objects else _documented(env, owner)
    return f"{documented}.{name}" if documented else path


_DOTTED = re.compile(r"perfmeasures(?:\.\w+)+")


def _public_text(text: str) -> str:
    """*text* with each private path of a public object made public."""

    def public(match: re.Match[str]) -> str:
        path = match.group(0)
        if "._" not in path:
            return path
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            found = _WHERE.get(".".join(parts[:cut]))
            if found is not None:
                return ".".join([_PATHS[found][0], *parts[cut:]])
        return path

    return _DOTTED.sub(public, text)


def _public_types(
    _app: Sphinx,
    _what: str,
    _name: str,
    _obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """Show public paths in the types napoleon writes out in full.

    Napoleon takes an attribute's type from the class's annotations and
    writes it fully qualified (``perfmeasures._periods.Year``); this runs
    after napoleon and makes such paths public (``perfmeasures.Year``).
    """
    for index, line in enumerate(lines):
        if line.lstrip().startswith((":type", ":rtype", ":vartype")):
            lines[index] = _public_text(line)


def _public_titles(_app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """Show public paths in the titles (tooltips) of resolved references.

    autodoc declares each re-exported class's private path as its canonical
    name, so Sphinx resolves a reference to ``perfmeasures._periods.Year``
    itself and titles the link with that path; this makes it public.
    """
    for reference in doctree.findall(nodes.reference):
        title = reference.get("reftitle")
        if title:
            reference["reftitle"] = _public_text(title)


# -- Public data --------------------------------------------------------------


def _data_docs() -> dict[str, list[str]]:
    """The documentation of each public constant, by public path.

    A constant re-exported from a private module (``WORST_FIRST``) carries
    its documentation in that module's source (a ``#:`` comment or a string
    after it), which autodoc reads only in the module that documents it;
    this finds it in the module that defines it, under the same name.
    """
    found: dict[str, list[str]] = {}
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("perfmeasures") or module is None:
            continue
        try:
            comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        for (scope, name), lines in comments.items():
            value = getattr(module, name, None)
            if scope or value is None:
                continue
            if (
                inspect.isclass(value)
                or inspect.isroutine(value)
                or inspect.ismodule(value)
            ):
                continue
            for path in _PATHS.get(id(value), ()):
                if path.rsplit(".", 1)[1] == name:
                    found.setdefault(path, list(lines))
    return found


_DATA_DOCS = _data_docs()


def _data_doc(
    _app: Sphinx,
    what: str,
    name: str,
    _obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """Give a public constant the documentation written where it is defined.

    A type alias (``Period``) also says what it stands for, in public names.
    """
    if what != "data":
        return
    if name in _DATA_DOCS:
        lines[:] = _DATA_DOCS[name]
    value = _object_at(name)
    if isinstance(value, types.UnionType):
        names = []
        for member in typing.get_args(value):
            paths = _PATHS.get(id(member))
            names.append(f":class:`~{paths[0]}`" if paths else f"``{member!r}``")
        # After the first paragraph, before any notes of versions.
        first = lines.index("") if "" in lines else len(lines)
        lines[first:first] = ["", f"Alias of {' | '.join(names)}."]


def _no_inline_type(
    _app: Sphinx,
    what: str,
    _name: str,
    _obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """Stop napoleon reading a type from an attribute's first sentence.

    For an attribute, property or constant, napoleon takes the words before
    a colon on the first line for its type (``Lower is better: the ...``
    becomes a reference to a class named "Lower is better").  Types here
    come from annotations, so the first line is kept as written, behind an
    empty comment that napoleon does not split.
    """
    if what in {"attribute", "property", "data"} and lines and ":" in lines[0]:
        lines[:0] = ["..", ""]


# -- Defaults of attrs classes -----------------------------------------------


class _Shown:
    """A default value shown as *text* in a signature."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


_BUDGET = 60


def _value_text(value: object, *, brief: bool = False) -> str:
    """*value* as a reader would write it in a call.

    Enumeration members are ``Class.MEMBER``; attrs instances show the
    fields that differ from their defaults; *brief* shortens long
    collections and instances to their first item.
    """
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if value is None or isinstance(value, bool | int | str | Decimal):
        return repr(value)
    if isinstance(value, tuple | list | frozenset | set):
        items = (
            sorted(value, key=repr)
            if isinstance(value, frozenset | set)
            else list(value)
        )
        keep = 1 if brief else 3
        texts = [_value_text(item, brief=brief) for item in items[:keep]]
        if len(items) > keep:
            texts.append("...")
        inner = ", ".join(texts)
        if isinstance(value, tuple):
            return f"({inner},)" if len(items) == 1 else f"({inner})"
        if isinstance(value, list):
            return f"[{inner}]"
        kind = type(value).__name__
        return f"{kind}({{{inner}}})" if items else f"{kind}()"
    if attrs.has(type(value)):
        shown = []
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            if not field.init:
                continue
            current = getattr(value, field.name)
            default = field.default
            if isinstance(default, attrs.Factory) and not default.takes_self:  # type: ignore[arg-type]
                default = default.factory()
            if default is not attrs.NOTHING and current == default:
                continue
            shown.append(f"{field.alias}={_value_text(current, brief=brief)}")
            if brief:
                shown.append("...")
                break
        return f"{type(value).__name__}({', '.join(shown)})"
    return repr(value)


def _default_text(default: object) -> str:
    """An attrs field's *default* as text: its value, or its factory's."""
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory  # type: ignore[attr-defined]
        if default.takes_self:  # type: ignore[attr-defined]
            return f"<{factory.__name__}(self)>"
        try:
            default = factory()
        except Exception:  # noqa: BLE001 - shown by name instead.
            return f"{factory.__name__}()"
    text = _value_text(default)
    return text if len(text) <= _BUDGET else _value_text(default, brief=True)


def _attrs_class(init: object) -> type | None:
    """The attrs class whose generated ``__init__`` *init* is, if any."""
    code = getattr(init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None
    owner: object = sys.modules.get(getattr(init, "__module__", ""), None)
    for part in init.__qualname__.split(".")[:-1]:  # type: ignore[attr-defined]
        owner = getattr(owner, part, None)
    return owner if isinstance(owner, type) and attrs.has(owner) else None


def _attrs_defaults(_app: Sphinx, obj: object, _bound_method: bool) -> None:
    """Show an attrs class's defaults as values in its signature.

    ``autodoc_preserve_defaults`` reads defaults from the source of
    ``__init__``, and attrs generates that source with
    ``attr_dict['basis'].default`` (or ``NOTHING`` for a factory) in place
    of each default.  This runs after it and puts each field's default back
    as its value, or its factory's value.
    """
    cls = _attrs_class(obj)
    if cls is None:
        return
    fields = {field.alias: field for field in attrs.fields(cls) if field.init}
    signature = inspect.signature(obj)  # type: ignore[arg-type]
    parameters = []
    for parameter in signature.parameters.values():
        field = fields.get(parameter.name)
        if field is not None and field.default is not attrs.NOTHING:
            shown = _Shown(_default_text(field.default))
            parameters.append(parameter.replace(default=shown))
        else:
            parameters.append(parameter)
    obj.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    """Connect the handlers, before or after napoleon's (priority 500)."""
    app.connect("missing-reference", _resolve_public, priority=900)
    app.connect("doctree-resolved", _public_titles)
    app.connect("autodoc-process-docstring", _data_doc, priority=100)
    app.connect("autodoc-process-docstring", _no_inline_type, priority=200)
    app.connect("autodoc-process-docstring", _public_types, priority=900)
    app.connect("autodoc-before-process-signature", _attrs_defaults, priority=900)
