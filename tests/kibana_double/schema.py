"""A small validator that copies the behaviour and the messages of Kibana's schema libraries.

Three dialects, chosen by the `zod` level a validation runs with:

* 0: @kbn/config-schema (8.x to 9.2): the first problem only, `[path]: message`.
* 3: zod v3 (9.3, `@kbn/zod`): every problem, v3 messages (`Required`, `Expected string, received number`).
* 4: zod v4 (9.4+, `@kbn/zod/v4`): every problem, v4 messages (`Invalid input: expected string, received undefined`),
  and `.default(x).optional()` fills x (see `OptDefault`); a union whose members all fail is one `Invalid input`.

In 9.3 Kibana formats zod errors with `formatZodError` (K
`x-pack/platform/plugins/shared/actions/server/lib/format_zod_error.ts`@76136a3e): `render_zod` copies it. From 9.4
`validate_with_schema.ts` sends zod v4 errors through `z4.prettifyError` instead (K
`x-pack/platform/plugins/shared/actions/server/lib/validate_with_schema.ts`@16ca7f52, @9d698364, and its test: `✖ Unrecognized
key: "bar"\n✖ Invalid input: expected string, received undefined\n  → at foo`): `render_pretty` copies it (zod
`packages/zod/src/v4/core/errors.ts`@0313cf53 `prettifyError`, `toDotPath`).
Only the features the connector types of the double need are here.
"""

import copy
import json
import re
from urllib.parse import urlsplit


class _Missing(object):
    """The JavaScript `undefined`: a key that is not there."""

    def __repr__(self):
        return 'MISSING'

    def __bool__(self):
        return False


MISSING = _Missing()

_SPECIAL_SCHEMES = ('http', 'https', 'ws', 'wss', 'ftp')
_SCHEME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:')
MAX_ZOD_ERRORS = 5


def zod_level(zod):
    """0 (config-schema), 3 or 4 from a level or a boolean (True means 3)."""
    if zod is True:
        return 3
    return int(zod or 0)


def type_name(value):
    """The name type-detect gives a value (used in config-schema messages)."""
    if value is MISSING:
        return 'undefined'
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'Array'
    if isinstance(value, dict):
        return 'Object'
    return type(value).__name__


def zod_type_name(value):
    """The name zod gives a value in `Expected x, received y` (v3) and `expected x, received y` (v4)."""
    name = type_name(value)
    return {'Array': 'array', 'Object': 'object'}.get(name, name)


def url_hostname(url):
    """Parse a URL roughly as WHATWG `new URL()` does; return its hostname or raise ValueError."""
    if not isinstance(url, str) or not _SCHEME_RE.match(url.strip()):
        raise ValueError('Invalid URL')
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in _SPECIAL_SCHEMES:
        try:
            parts.port  # pylint: disable=pointless-statement
        except ValueError:
            raise ValueError('Invalid URL') from None
        if not parts.hostname:
            raise ValueError('Invalid URL')
    return parts.hostname or ''


def url_scheme(url):
    """The scheme of a URL that url_hostname accepted."""
    return urlsplit(url.strip()).scheme.lower()


def literal_text(value):
    """How config-schema prints a literal in `expected value to equal [x]`."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _json_text(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, str):
        return '"%s"' % value
    return str(value)


class Issue(object):
    """One validation problem: its path and its message in each dialect (config-schema, zod v3, zod v4)."""

    def __init__(self, path, message, zod=None, zod4=None, children=None):
        self.path = list(path)
        self.message = message
        self.zod = message if zod is None else zod
        self.zod4 = self.zod if zod4 is None else zod4
        self.children = children or []

    def text(self, level):
        """The message in one dialect."""
        return {0: self.message, 3: self.zod}.get(level, self.zod4)


class SchemaError(Exception):
    """Raised with the problems found (config-schema stops at the first one, zod collects them all)."""

    def __init__(self, issues):
        super(SchemaError, self).__init__(issues[0].message)
        self.issues = issues


class Ctx(object):
    """Validation options: the zod level (0: config-schema)."""

    def __init__(self, zod=0):
        self.zod = zod_level(zod)


def _fail(path, message, zod=None, zod4=None):
    raise SchemaError([Issue(path, message, zod, zod4)])


class Type(object):
    """Base type: default handling, custom `validate` callback."""

    name = 'any'
    zod_name = None

    def __init__(self, default=MISSING, validate=None):
        self.default = default
        self.validate = validate

    @property
    def v4_name(self):
        """The expected-type word of zod v4 messages."""
        return self.zod_name or self.name

    def process(self, value, path, ctx):
        """Validate `value` found at `path`; return the value to store (MISSING means leave the key out)."""
        if value is MISSING:
            if self.default is not MISSING:
                return self.process_default(path, ctx)
            return self.on_missing(path, ctx)
        value = self.check(value, path, ctx)
        if self.validate is not None:
            message = self.validate(value)
            if message:
                _fail(path, message)
        return value

    def process_default(self, path, ctx):  # pylint: disable=unused-argument
        """The value a default gives."""
        return copy.deepcopy(self.default)

    def on_missing(self, path, ctx):  # pylint: disable=unused-argument
        """A required value is absent."""
        _fail(path, 'expected value of type [%s] but got [undefined]' % self.name, 'Required',
              'Invalid input: expected %s, received undefined' % self.v4_name)

    def check(self, value, path, ctx):  # pylint: disable=unused-argument
        """Check a present value; subclasses override."""
        return value

    def type_error(self, value, path):
        """The standard wrong-type problem."""
        _fail(path, 'expected value of type [%s] but got [%s]' % (self.name, type_name(value)),
              'Expected %s, received %s' % (self.name, zod_type_name(value)),
              'Invalid input: expected %s, received %s' % (self.v4_name, zod_type_name(value)))


class Any(Type):
    """schema.any() / z.any()"""

    def on_missing(self, path, ctx):
        return MISSING


class Str(Type):
    """schema.string({minLength, maxLength}); url=True adds zod's `.url()` check (9.3+ only)."""

    name = 'string'

    def __init__(self, min_len=None, max_len=None, url=False, **kwargs):
        super(Str, self).__init__(**kwargs)
        self.min_len = min_len
        self.max_len = max_len
        self.url = url

    def check(self, value, path, ctx):
        if not isinstance(value, str):
            self.type_error(value, path)
        if self.min_len is not None and len(value) < self.min_len:
            _fail(path, 'value has length [%d] but it must have a minimum length of [%d].' % (len(value), self.min_len),
                  'String must contain at least %d character(s)' % self.min_len,
                  'Too small: expected string to have >=%d characters' % self.min_len)
        if self.max_len is not None and len(value) > self.max_len:
            _fail(path, 'value has length [%d] but it must have a maximum length of [%d].' % (len(value), self.max_len),
                  'String must contain at most %d character(s)' % self.max_len,
                  'Too big: expected string to have <=%d characters' % self.max_len)
        if self.url and ctx.zod:
            try:
                url_hostname(value)
            except ValueError:
                _fail(path, 'Invalid url', 'Invalid url', 'Invalid URL')
        return value


class Bool(Type):
    """schema.boolean(): config-schema accepts the strings 'true' and 'false', zod does not."""

    name = 'boolean'

    def check(self, value, path, ctx):
        if isinstance(value, str) and not ctx.zod and value.lower() in ('true', 'false'):
            return value.lower() == 'true'
        if not isinstance(value, bool):
            self.type_error(value, path)
        return value


class Num(Type):
    """schema.number({min, max}) (accepts numeric strings); in zod `coerce=True` is z.coerce.number()."""

    name = 'number'

    def __init__(self, minimum=None, maximum=None, coerce=False, **kwargs):
        super(Num, self).__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.coerce = coerce

    def on_missing(self, path, ctx):
        if ctx.zod and self.coerce:
            self._nan(path)
        return super(Num, self).on_missing(path, ctx)

    @staticmethod
    def _nan(path):
        """z.coerce.number() of something that is not a number: Number(x) is NaN (K tines FTR test @1a7bf6ce:
        `Field "storyId": Expected number, received nan`)."""
        _fail(path, 'expected value of type [number] but got [undefined]', 'Expected number, received nan',
              'Invalid input: expected number, received NaN')

    def check(self, value, path, ctx):
        if isinstance(value, str) and (not ctx.zod or self.coerce):
            try:
                value = float(value) if '.' in value else int(value)
            except ValueError:
                if ctx.zod:
                    self._nan(path)
                self.type_error(value, path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.type_error(value, path)
        if self.minimum is not None and value < self.minimum:
            _fail(path, 'Value must be equal to or greater than [%s].' % self.minimum,
                  'Number must be greater than or equal to %s' % self.minimum, 'Too small: expected number to be >=%s' % self.minimum)
        if self.maximum is not None and value > self.maximum:
            _fail(path, 'Value must be equal to or lower than [%s].' % self.maximum,
                  'Number must be less than or equal to %s' % self.maximum, 'Too big: expected number to be <=%s' % self.maximum)
        return value


class Literal(Type):
    """schema.literal(x) / z.literal(x)"""

    def __init__(self, expected, **kwargs):
        super(Literal, self).__init__(**kwargs)
        self.expected = expected

    def _wrong(self, path):
        _fail(path, 'expected value to equal [%s]' % literal_text(self.expected),
              'Invalid literal value, expected %s' % _json_text(self.expected), 'Invalid input: expected %s' % _json_text(self.expected))

    def on_missing(self, path, ctx):
        self._wrong(path)

    def check(self, value, path, ctx):
        if value != self.expected or type(value) is not type(self.expected):
            self._wrong(path)
        return value


def _with_index(issue, depth, index):
    path = issue.path[:depth] + [str(index)] + issue.path[depth:]
    return Issue(path, issue.message, issue.zod, issue.zod4, issue.children)


class OneOf(Type):
    """schema.oneOf([...]) (the first type that accepts the value wins); in zod a z.enum (all literals), a z.union, or
    with `discriminator='key'` a z.discriminatedUnion on that key (members are objects with a literal there).

    zod v3 union: every member's problems. zod v4 union: one `Invalid input` at the union's path when every member fails
    (`handleUnionResults`, zod `packages/zod/src/v4/core/schemas.ts`). Discriminated: v3 `Invalid discriminator value.
    Expected 'a' | 'b'` at [key], v4 `Invalid input` at [key] (no matching discriminator); a matching member's own
    problems otherwise."""

    def __init__(self, types, zod_union=False, discriminator=None, **kwargs):
        super(OneOf, self).__init__(**kwargs)
        self.types = types
        self.zod_union = zod_union
        self.discriminator = discriminator

    @property
    def is_enum(self):
        """All members are literals and zod declares it as z.enum (zod_union=True: a z.union of literals)."""
        return not self.zod_union and all(isinstance(t, Literal) for t in self.types)

    def _enum_issue(self, value, path):
        options = [t.expected for t in self.types if t.expected is not None]
        v3 = "Invalid enum value. Expected %s, received '%s'" % (' | '.join("'%s'" % literal_text(o) for o in options), value)
        if value is MISSING:
            v3 = 'Required'
        v4 = 'Invalid option: expected one of %s' % '|'.join(_json_text(o) for o in options)
        return Issue(path, 'expected at least one defined value but got [undefined]', v3, v4)

    def on_missing(self, path, ctx):
        if ctx.zod and self.is_enum:
            raise SchemaError([self._enum_issue(MISSING, path)])
        if ctx.zod:
            return self.check(MISSING, path, ctx)
        _fail(path, 'expected at least one defined value but got [undefined]')

    def _discriminated(self, value, path, ctx):
        if not isinstance(value, dict):
            _fail(path, '', 'Expected object, received %s' % zod_type_name(value), 'Invalid input: expected object, received %s' % zod_type_name(value))
        options = []
        for member in self.types:
            literal = dict(member.props).get(self.discriminator)
            options.append(literal.expected)
            if value.get(self.discriminator, MISSING) == literal.expected:
                return member.process(value, path, ctx)
        v3 = 'Invalid discriminator value. Expected %s' % ' | '.join("'%s'" % o if isinstance(o, str) else str(o) for o in options)
        raise SchemaError([Issue(path + [self.discriminator], v3, v3, 'Invalid input')])

    def check(self, value, path, ctx):
        if ctx.zod and self.discriminator:
            return self._discriminated(value, path, ctx)
        failures, zod_issues = [], []
        for index, member in enumerate(self.types):
            try:
                return member.process(value, path, ctx)
            except SchemaError as err:
                failures.append(_with_index(err.issues[0], len(path), index))
                zod_issues.extend(err.issues)
        if ctx.zod and self.is_enum:
            raise SchemaError([self._enum_issue(value, path)])
        if ctx.zod >= 4:
            raise SchemaError([Issue(path, 'Invalid input')])
        if ctx.zod:
            raise SchemaError(zod_issues)
        raise SchemaError([Issue(path, 'types that failed validation:', 'Invalid input', 'Invalid input', failures)])


class Nullable(Type):
    """schema.nullable(x) / z.x().nullable().default(null): absent means null."""

    def __init__(self, inner, **kwargs):
        kwargs.setdefault('default', None)
        super(Nullable, self).__init__(**kwargs)
        self.inner = inner

    def check(self, value, path, ctx):
        if value is None:
            return None
        try:
            return self.inner.process(value, path, ctx)
        except SchemaError as err:
            if ctx.zod:
                raise
            children = [_with_index(err.issues[0], len(path), 0),
                        Issue(path + ['1'], 'expected value to equal [null]')]
            raise SchemaError([Issue(path, 'types that failed validation:', 'Invalid input', 'Invalid input', children)]) from None


class Maybe(Type):
    """schema.maybe(x) / z.x().optional(): absent stays absent (any inner default is ignored)."""

    def __init__(self, inner):
        super(Maybe, self).__init__()
        self.inner = inner

    def on_missing(self, path, ctx):
        return MISSING

    def check(self, value, path, ctx):
        return self.inner.process(value, path, ctx)


class OptDefault(Maybe):
    """z.x().default(d).optional() (and config-schema's maybe(x({defaultValue: d}))): absent stays absent, except in
    zod v4, whose optional wrapper runs the inner default (K PR #252702 / #258854, 9.4)."""

    def __init__(self, inner, default):
        super(OptDefault, self).__init__(inner)
        self.fill = default

    def on_missing(self, path, ctx):
        if ctx.zod >= 4:
            return copy.deepcopy(self.fill)
        return MISSING


class ArrayOf(Type):
    """schema.arrayOf(x, {minSize, maxSize})"""

    name = 'array'

    def __init__(self, item, min_size=None, max_size=None, **kwargs):
        super(ArrayOf, self).__init__(**kwargs)
        self.item = item
        self.min_size = min_size
        self.max_size = max_size

    def check(self, value, path, ctx):
        if not isinstance(value, list):
            self.type_error(value, path)
        if self.min_size is not None and len(value) < self.min_size:
            _fail(path, 'array size is [%d], but cannot be smaller than [%d]' % (len(value), self.min_size),
                  'Array must contain at least %d element(s)' % self.min_size, 'Too small: expected array to have >=%d items' % self.min_size)
        if self.max_size is not None and len(value) > self.max_size:
            _fail(path, 'array size is [%d], but cannot be greater than [%d]' % (len(value), self.max_size),
                  'Array must contain at most %d element(s)' % self.max_size, 'Too big: expected array to have <=%d items' % self.max_size)
        result, issues = [], []
        for index, item in enumerate(value):
            try:
                result.append(self.item.process(item, path + [index], ctx))
            except SchemaError as err:
                if not ctx.zod:
                    raise
                issues.extend(err.issues)
        if issues:
            raise SchemaError(issues)
        return result


class RecordOf(Type):
    """schema.recordOf(schema.string(), x)"""

    name = 'object'
    zod_name = 'record'

    def __init__(self, value_type, **kwargs):
        super(RecordOf, self).__init__(**kwargs)
        self.value_type = value_type

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            self.type_error(value, path)
        result, issues = {}, []
        for key, item in value.items():
            try:
                checked = self.value_type.process(item, path + [str(key)], ctx)
            except SchemaError as err:
                if not ctx.zod:
                    raise
                issues.extend(err.issues)
                continue
            if checked is not MISSING:
                result[key] = checked
        if issues:
            raise SchemaError(issues)
        return result


def _unknown_issue(path, unknown):
    v3 = 'Unrecognized key(s) in object: %s' % ', '.join("'%s'" % key for key in unknown)
    v4 = 'Unrecognized key%s: %s' % ('s' if len(unknown) > 1 else '', ', '.join('"%s"' % key for key in unknown))
    return Issue(path, 'definition for this key is missing', v3, v4)


class Obj(Type):
    """schema.object({...}) / z.object({...}).strict(): unknown keys are forbidden unless unknowns='allow'
    (passthrough: kept) or 'ignore' (zod's default: stripped).

    A missing nested object: config-schema builds it from its children's defaults (object_type.ts: `.default()`);
    zod requires it unless zod_default=True (`.default({})`).
    """

    name = 'object'

    def __init__(self, props, unknowns='forbid', zod_default=False, **kwargs):
        super(Obj, self).__init__(**kwargs)
        self.props = props
        self.unknowns = unknowns
        self.zod_default = zod_default

    def on_missing(self, path, ctx):
        if ctx.zod and not self.zod_default:
            return super(Obj, self).on_missing(path, ctx)
        return self.process({}, path, ctx)

    def keys(self):
        """The declared keys."""
        return [key for key, _prop in self.props]

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            _fail(path, 'expected a plain object value, but found [%s] instead.' % type_name(value),
                  'Expected object, received %s' % zod_type_name(value),
                  'Invalid input: expected object, received %s' % zod_type_name(value))
        result, issues = {}, []
        known = set(self.keys())
        unknown = [key for key in value if key not in known]
        if unknown and self.unknowns == 'forbid' and ctx.zod:
            issues.append(_unknown_issue(path, unknown))
        for key, prop in self.props:
            try:
                checked = prop.process(value.get(key, MISSING), path + [key], ctx)
            except SchemaError as err:
                if not ctx.zod:
                    raise
                issues.extend(err.issues)
                continue
            if checked is not MISSING:
                result[key] = checked
        if unknown and self.unknowns == 'forbid' and not ctx.zod:
            raise SchemaError([Issue(path + [str(unknown[0])], 'definition for this key is missing')])
        if issues:
            raise SchemaError(issues)
        if self.unknowns == 'allow':
            for key in unknown:
                result[key] = value[key]
        return result


def validate(schema, value, zod=False):
    """Validate and return the value with defaults, or raise SchemaError."""
    return schema.process(value, [], Ctx(zod))


def render_issue(issue, namespace=None, level=0):
    """Format one issue exactly like config-schema's ValidationError.extractMessage."""
    path = ([namespace] if namespace else []) + issue.path
    message = issue.message
    if issue.children:
        lines = ['%s- %s' % (' ' * level, render_issue(child, namespace, level + 1)) for child in issue.children]
        message = '%s\n%s' % (message, '\n'.join(lines))
    if not path:
        return message
    return '[%s]: %s' % ('.'.join(str(part) for part in path), message)


class _Node(object):  # pylint: disable=too-few-public-methods
    """One level of zod's `error.format()` tree."""

    def __init__(self):
        self.errors = []
        self.children = {}


def _field_messages(node, prefix, out):
    for key, child in node.children.items():
        name = '%s.%s' % (prefix, key) if prefix else key
        if child.errors:
            out.append('Field "%s": %s' % (name, ', '.join(child.errors)))
        else:
            _field_messages(child, name, out)


def render_zod(issues, level=3):
    """formatZodError: `error.format()` (messages grouped by path, the object's own errors first), then
    `Field "<path>": <messages joined by ', '>`; one message alone, several as `N errors:\\n [1]: ...;\\n [2]: ...`,
    at most 5 then `and N more`."""
    tree = _Node()
    for issue in issues:
        node = tree
        for key in issue.path:
            node = node.children.setdefault(str(key), _Node())
        node.errors.append(issue.text(level))
    messages = list(tree.errors)
    _field_messages(tree, '', messages)
    total = len(messages)
    if total == 1:
        return messages[0]
    if total > MAX_ZOD_ERRORS:
        messages = messages[:MAX_ZOD_ERRORS] + ['and %d more' % (total - MAX_ZOD_ERRORS)]
    return '%d errors:\n %s' % (total, ';\n '.join('[%d]: %s' % (n + 1, msg) for n, msg in enumerate(messages)))


_WORD_ONLY = re.compile(r'^[A-Za-z0-9_$]*$')


def dot_path(path):
    """zod v4 `toDotPath`: numbers as [0], keys with a character other than \\w and $ as ["a b"], else .key."""
    segs = []
    for seg in path:
        if isinstance(seg, int):
            segs.append('[%d]' % seg)
        elif not _WORD_ONLY.match(seg):
            segs.append('[%s]' % json.dumps(seg, ensure_ascii=False))
        else:
            if segs:
                segs.append('.')
            segs.append(seg)
    return ''.join(segs)


def render_pretty(issues):
    """zod v4 `prettifyError`: the issues sorted by path length (a stable sort), each `✖ <message>` and, when it has a
    path, `  → at <dot path>` on the next line; no count, no limit."""
    lines = []
    for issue in sorted(issues, key=lambda item: len(item.path)):
        lines.append('\u2716 %s' % issue.text(4))
        if issue.path:
            lines.append('  \u2192 at %s' % dot_path(issue.path))
    return '\n'.join(lines)


def describe(err, zod=False, namespace=None):
    """The message text of a SchemaError: config-schema's first problem, formatZodError (zod v3, 9.3) or
    prettifyError (zod v4, 9.4+)."""
    level = zod_level(zod)
    if level >= 4:
        return render_pretty(err.issues)
    if level:
        return render_zod(err.issues, level)
    return render_issue(err.issues[0], namespace)


# ---------------------------------------------------------------- introspection (for describe_types)
def _allowed(schema):
    inner = schema
    while isinstance(inner, (Nullable, Maybe)):
        inner = inner.inner
    if isinstance(inner, OneOf) and all(isinstance(t, Literal) for t in inner.types):
        return [t.expected for t in inner.types]
    return None


def introspect(schema, zod=0):
    """What an object schema says about its keys: required or not, the value a create returns when the key is left
    out (`default`; no `default` means the key stays absent), allowed values; unions give one entry per member."""
    ctx = Ctx(zod)
    if isinstance(schema, OneOf) and not all(isinstance(t, Literal) for t in schema.types):
        return {'variants': [introspect(member, zod) for member in schema.types]}
    if not isinstance(schema, Obj):
        return {'open': True}
    keys = {}
    for key, prop in schema.props:
        entry = {}
        try:
            value = prop.process(MISSING, [key], ctx)
        except SchemaError:
            entry['required'] = True
        else:
            entry['required'] = False
            if value is not MISSING:
                entry['default'] = value
        if isinstance(prop, Literal):
            entry['allowed'] = [prop.expected]
        allowed = _allowed(prop)
        if allowed is not None:
            entry['allowed'] = allowed
        keys[key] = entry
    return {'unknown_keys': {'forbid': 'refused', 'ignore': 'dropped', 'allow': 'kept'}[schema.unknowns], 'keys': keys}
