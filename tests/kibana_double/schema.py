"""A small validator that copies the behaviour and the messages of Kibana's @kbn/config-schema.

It also renders the same problems the way Kibana 9.3+ (zod schemas) words them.
Only the features the connector types of the double need are here.
"""

import copy
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
    """The name zod gives a value in `Expected x, received y`."""
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


def literal_text(value):
    """How config-schema prints a literal in `expected value to equal [x]`."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


class Issue(object):
    """One validation problem: its path, the config-schema message, the zod message, nested union problems."""

    def __init__(self, path, message, zod=None, children=None):
        self.path = list(path)
        self.message = message
        self.zod = message if zod is None else zod
        self.children = children or []


class SchemaError(Exception):
    """Raised with the problems found (config-schema stops at the first one, zod collects them all)."""

    def __init__(self, issues):
        super(SchemaError, self).__init__(issues[0].message)
        self.issues = issues


class Ctx(object):
    """Validation options: zod=True collects every problem and uses zod wording."""

    def __init__(self, zod=False):
        self.zod = zod


def _fail(path, message, zod=None):
    raise SchemaError([Issue(path, message, zod)])


class Type(object):
    """Base type: default handling, custom `validate` callback."""

    name = 'any'

    def __init__(self, default=MISSING, validate=None):
        self.default = default
        self.validate = validate

    def process(self, value, path, ctx):
        """Validate `value` found at `path`; return the value to store (MISSING means leave the key out)."""
        if value is MISSING:
            if self.default is not MISSING:
                return copy.deepcopy(self.default)
            return self.on_missing(path, ctx)
        value = self.check(value, path, ctx)
        if self.validate is not None:
            message = self.validate(value)
            if message:
                _fail(path, message)
        return value

    def on_missing(self, path, ctx):  # pylint: disable=unused-argument
        """A required value is absent."""
        _fail(path, 'expected value of type [%s] but got [undefined]' % self.name, 'Required')

    def check(self, value, path, ctx):  # pylint: disable=unused-argument
        """Check a present value; subclasses override."""
        return value

    def type_error(self, value, path):
        """The standard wrong-type problem."""
        _fail(path, 'expected value of type [%s] but got [%s]' % (self.name, type_name(value)),
              'Expected %s, received %s' % (self.name, zod_type_name(value)))


class Any(Type):
    """schema.any()"""

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
                  'String must contain at least %d character(s)' % self.min_len)
        if self.max_len is not None and len(value) > self.max_len:
            _fail(path, 'value has length [%d] but it must have a maximum length of [%d].' % (len(value), self.max_len),
                  'String must contain at most %d character(s)' % self.max_len)
        if self.url and ctx.zod:
            try:
                url_hostname(value)
            except ValueError:
                _fail(path, 'Invalid url')
        return value


class Bool(Type):
    """schema.boolean(): config-schema accepts the strings 'true' and 'false'."""

    name = 'boolean'

    def check(self, value, path, ctx):
        if isinstance(value, str) and not ctx.zod and value.lower() in ('true', 'false'):
            return value.lower() == 'true'
        if not isinstance(value, bool):
            self.type_error(value, path)
        return value


class Num(Type):
    """schema.number({min, max}): config-schema accepts numeric strings."""

    name = 'number'

    def __init__(self, minimum=None, maximum=None, **kwargs):
        super(Num, self).__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def check(self, value, path, ctx):
        if isinstance(value, str) and not ctx.zod:
            try:
                value = float(value) if '.' in value else int(value)
            except ValueError:
                self.type_error(value, path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.type_error(value, path)
        if self.minimum is not None and value < self.minimum:
            _fail(path, 'Value must be equal to or greater than [%s].' % self.minimum,
                  'Number must be greater than or equal to %s' % self.minimum)
        if self.maximum is not None and value > self.maximum:
            _fail(path, 'Value must be equal to or lower than [%s].' % self.maximum,
                  'Number must be less than or equal to %s' % self.maximum)
        return value


class Literal(Type):
    """schema.literal(x)"""

    def __init__(self, expected, **kwargs):
        super(Literal, self).__init__(**kwargs)
        self.expected = expected

    def on_missing(self, path, ctx):
        _fail(path, 'expected value to equal [%s]' % literal_text(self.expected), 'Required')

    def check(self, value, path, ctx):
        if value != self.expected or type(value) is not type(self.expected):
            _fail(path, 'expected value to equal [%s]' % literal_text(self.expected),
                  'Invalid literal value, expected "%s"' % literal_text(self.expected))
        return value


def _with_index(issue, depth, index):
    path = issue.path[:depth] + [str(index)] + issue.path[depth:]
    return Issue(path, issue.message, issue.zod, issue.children)


class OneOf(Type):
    """schema.oneOf([...]): the first type that accepts the value wins."""

    def __init__(self, types, **kwargs):
        super(OneOf, self).__init__(**kwargs)
        self.types = types

    def on_missing(self, path, ctx):
        _fail(path, 'expected at least one defined value but got [undefined]', 'Required')

    def zod_message(self, value):
        """zod words an enum and a union differently."""
        if all(isinstance(t, Literal) for t in self.types):
            options = ' | '.join("'%s'" % literal_text(t.expected) for t in self.types)
            return "Invalid enum value. Expected %s, received '%s'" % (options, value)
        return 'Invalid input'

    def check(self, value, path, ctx):
        failures = []
        for index, member in enumerate(self.types):
            try:
                return member.process(value, path, ctx)
            except SchemaError as err:
                failures.append(_with_index(err.issues[0], len(path), index))
        raise SchemaError([Issue(path, 'types that failed validation:', self.zod_message(value), failures)])


class Nullable(Type):
    """schema.nullable(x): absent means null."""

    def __init__(self, inner, **kwargs):
        super(Nullable, self).__init__(default=None, **kwargs)
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
            raise SchemaError([Issue(path, 'types that failed validation:', 'Invalid input', children)]) from None


class Maybe(Type):
    """schema.maybe(x): absent stays absent (any inner default is ignored)."""

    def __init__(self, inner):
        super(Maybe, self).__init__()
        self.inner = inner

    def on_missing(self, path, ctx):
        return MISSING

    def check(self, value, path, ctx):
        return self.inner.process(value, path, ctx)


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
                  'Array must contain at least %d element(s)' % self.min_size)
        if self.max_size is not None and len(value) > self.max_size:
            _fail(path, 'array size is [%d], but cannot be greater than [%d]' % (len(value), self.max_size),
                  'Array must contain at most %d element(s)' % self.max_size)
        result, issues = [], []
        for index, item in enumerate(value):
            try:
                result.append(self.item.process(item, path + [str(index)], ctx))
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


class Obj(Type):
    """schema.object({...}): unknown keys are forbidden unless unknowns='allow' or 'ignore'."""

    def __init__(self, props, unknowns='forbid', **kwargs):
        super(Obj, self).__init__(**kwargs)
        self.props = props
        self.unknowns = unknowns

    def on_missing(self, path, ctx):
        return self.process({}, path, ctx)

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            _fail(path, 'expected a plain object value, but found [%s] instead.' % type_name(value),
                  'Expected object, received %s' % zod_type_name(value))
        result, issues = {}, []
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
        known = set(key for key, _prop in self.props)
        unknown = [key for key in value if key not in known]
        if unknown and self.unknowns == 'forbid':
            zod = 'Unrecognized keys: %s' % ', '.join('"%s"' % key for key in unknown)
            issue = Issue(path + [str(unknown[0])], 'definition for this key is missing')
            if not ctx.zod:
                raise SchemaError([issue])
            issues.append(Issue(path, zod))
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
    return '[%s]: %s' % ('.'.join(path), message)


def render_zod(issues):
    """Format issues the way Kibana 9.3+ formats zod errors (K PR #240507)."""
    parts = []
    for issue in issues:
        if issue.path:
            parts.append('Field "%s": %s' % ('.'.join(issue.path), issue.zod))
        else:
            parts.append(issue.zod)
    if len(parts) == 1:
        return parts[0]
    return '%d errors:\n%s' % (len(parts), ';\n'.join(' [%d]: %s' % (n + 1, part) for n, part in enumerate(parts)))


def describe(err, zod=False, namespace=None):
    """The message text of a SchemaError."""
    if zod:
        return render_zod(err.issues)
    return render_issue(err.issues[0], namespace)
