"""writer's Python helper: one long-lived process per run that answers every question
writer has for Python (Robot Framework's parser, libdoc, library sources, RobotCode's
analyzer, Robocop) as JSON lines over stdin/stdout.

Each request is one line, {"id": 1, "op": "parse", "args": {...}}; each answer is one
line, {"id": 1, "ok": true, "result": ...} or {"id": 1, "ok": false, "error": "..."}.
Requests run on a few threads so a slow analysis does not hold up a parse. The process
ends when stdin closes, taking the tools it started with it. Only the standard library
is needed to start; Robot Framework and the tools are imported when first asked for.
"""

import ast
import io
import json
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

# Tools run at once beside the questions for Robot Framework itself, which take turns on
# one thread: Robot's imports and its output capturing are not made for threads.
TOOL_WORKERS = 3
TOOL_OPS = {'analyze', 'robocop'}
# A tool that runs longer than this is stopped; writer's own timeout is longer still.
TOOL_TIMEOUT_SECONDS = 120


def _protocol_stream():
    """The answers go to a private copy of stdout; whatever a library prints goes to stderr."""
    protocol = os.fdopen(os.dup(1), 'w', encoding='utf-8', newline='\n')
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


PROTOCOL = _protocol_stream()
WRITE_LOCK = threading.Lock()
CHILDREN = set()
CHILDREN_LOCK = threading.Lock()


def answer(message):
    line = json.dumps(message, ensure_ascii=False)
    with WRITE_LOCK:
        PROTOCOL.write(line + '\n')
        PROTOCOL.flush()


def one_line(text):
    return ' '.join(str(text).split())


# ---- Robot Framework's parser -------------------------------------------------------

def op_hello(_args):
    return {
        'python': '.'.join(str(part) for part in sys.version_info[:3]),
        'robot': _robot_version(),
        'robotcode': _distribution_version('robotcode-analyze'),
        'robocop': _distribution_version('robotframework-robocop'),
    }


def _robot_version():
    try:
        import robot
    except Exception:
        return None
    return getattr(robot, '__version__', None) or 'unknown'


def _distribution_version(name):
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        return None
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def op_parse(args):
    # Walks the model like robot.running's ErrorReporter: Error statements, statement and
    # block validation errors, token errors; deprecated headers and [Return] only warn.
    from robot.api import Token, get_init_model, get_model, get_resource_model
    from robot.api.parsing import ModelVisitor

    getters = {'resource': get_resource_model, 'init': get_init_model}
    getter = getters.get(args.get('kind'), get_model)
    languages = args.get('languages') or None
    source = io.StringIO(args['text'])
    model = getter(source, lang=languages) if languages else getter(source)
    headers = set(getattr(Token, 'HEADER_TOKENS', ()))
    warning_tokens = headers | {getattr(Token, 'RETURN_SETTING', 'RETURN_SETTING')}
    found = {'errors': [], 'warnings': []}

    def report(level, line, message):
        entry = {'line': line or 1, 'message': message}
        if entry not in found[level]:
            found[level].append(entry)

    class Collector(ModelVisitor):
        def generic_visit(self, node):
            if hasattr(node, 'tokens'):
                for message in node.errors:
                    report('errors', node.lineno, message)
                if node.type != Token.ERROR:
                    for token in node.tokens:
                        if token.error:
                            warn = token.type != Token.INVALID_HEADER and token.type in warning_tokens
                            report('warnings' if warn else 'errors', token.lineno, token.error)
                return
            for message in getattr(node, 'errors', ()):
                report('errors', getattr(node, 'lineno', 1), message)
            super().generic_visit(node)

    Collector().visit(model)
    return found


# ---- Library keywords from libdoc ---------------------------------------------------

def argument_cells(spec):
    """libdoc's ArgumentSpec as `name`, `name=`, `*varargs`, `**kwargs`, `/` and `*`."""
    def cell(name):
        return f'{name}=' if name in spec.defaults else name

    cells = [cell(name) for name in spec.positional_only]
    if spec.positional_only:
        cells.append('/')
    cells += [cell(name) for name in spec.positional_or_named]
    if spec.var_positional:
        cells.append(f'*{spec.var_positional}')
    elif spec.named_only:
        cells.append('*')
    cells += [cell(name) for name in spec.named_only]
    if spec.var_named:
        cells.append(f'**{spec.var_named}')
    return cells


def op_libdoc(args):
    from robot.libdocpkg import LibraryDocumentation

    name = args['name']
    library_args = [str(value) for value in args.get('args') or []]
    # The team's search path goes first, as `robot --pythonpath` puts it; only for the question.
    search = [os.path.abspath(folder) for folder in args.get('pythonpath') or []]
    saved = list(sys.path)
    sys.path[:0] = search
    without_args = False
    try:
        try:
            documentation = LibraryDocumentation('::'.join([name, *library_args]))
        except Exception:
            # Arguments holding variables cannot be given here; the keywords rarely depend on them.
            if not library_args:
                raise
            documentation = LibraryDocumentation(name)
            without_args = True
    finally:
        sys.path[:] = saved
    return {
        'name': name,
        'version': documentation.version or None,
        'keywords': [{'name': kw.name, 'args': argument_cells(kw.args)} for kw in documentation.keywords],
        'without_args': without_args,
    }


# ---- Library keywords from the Python source ----------------------------------------

def printable_name(name):
    try:
        from robot.utils import printable_name as robot_printable_name
    except Exception:
        return ' '.join(part[:1].upper() + part[1:] for part in name.replace('_', ' ').split())
    return robot_printable_name(name, code_style=True)


def _decorator_call(node):
    """('keyword', call or None) for @keyword, @keyword(...), @deco.keyword(...)."""
    call = node if isinstance(node, ast.Call) else None
    target = node.func if call is not None else node
    if isinstance(target, ast.Attribute):
        return target.attr, call
    if isinstance(target, ast.Name):
        return target.id, call
    return None, call


def _string_argument(call, keyword_name, position=0):
    if call is None:
        return None
    for keyword in call.keywords:
        if keyword.arg == keyword_name:
            return keyword.value.value if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str) else None
    if len(call.args) > position:
        value = call.args[position]
        return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None
    return None


def _bool_argument(call, keyword_name):
    if call is None:
        return None
    for keyword in call.keywords:
        if keyword.arg == keyword_name and isinstance(keyword.value, ast.Constant):
            return bool(keyword.value.value)
    return None


def _function_cells(node, drop_first):
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults_from = len(positional) - len(arguments.defaults)
    names = [(argument.arg, index >= defaults_from) for index, argument in enumerate(positional)]
    posonly = len(arguments.posonlyargs)
    if drop_first and names:
        names = names[1:]
        posonly = max(posonly - 1, 0)
    cells = [f'{name}=' if default else name for name, default in names[:posonly]]
    if posonly:
        cells.append('/')
    cells += [f'{name}=' if default else name for name, default in names[posonly:]]
    if arguments.vararg is not None:
        cells.append(f'*{arguments.vararg.arg}')
    elif arguments.kwonlyargs:
        cells.append('*')
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        cells.append(f'{argument.arg}=' if default is not None else argument.arg)
    if arguments.kwarg is not None:
        cells.append(f'**{arguments.kwarg.arg}')
    return cells


def _auto_keywords(body):
    for statement in body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            if any(isinstance(target, ast.Name) and target.id == 'ROBOT_AUTO_KEYWORDS' for target in statement.targets):
                return bool(statement.value.value)
    return None


PROPERTY_DECORATORS = {'property', 'cached_property', 'setter', 'getter', 'deleter'}


def _keywords_of(body, auto_keywords, method):
    keywords = []
    for statement in body:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        decorators = [_decorator_call(decorator) for decorator in statement.decorator_list]
        names = [name for name, _ in decorators]
        if 'not_keyword' in names or PROPERTY_DECORATORS & set(names):
            continue
        keyword_call = next((call for name, call in decorators if name == 'keyword'), None)
        explicit = 'keyword' in names
        if not explicit and (not auto_keywords or statement.name.startswith('_')):
            continue
        name = _string_argument(keyword_call, 'name') if explicit else None
        drop_first = method and 'staticmethod' not in names
        keywords.append({'py': statement.name, 'name': name or printable_name(statement.name), 'args': _function_cells(statement, drop_first)})
    return keywords


def _dynamic(body):
    names = {statement.name for statement in body if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return bool(names & {'get_keyword_names', '__getattr__'})


def op_source(args):
    """Keywords of a library module or package `__init__`, read with ast, never imported."""
    tree = ast.parse(args['text'])
    module = args['module']
    classes = {statement.name: statement for statement in tree.body if isinstance(statement, ast.ClassDef)}
    library_class = classes.get(module)
    if library_class is None:
        # Robot takes the class named like the module, wherever it was defined (`from .library import SSHLibrary`).
        imported = {alias.asname or alias.name for statement in tree.body if isinstance(statement, ast.ImportFrom) for alias in statement.names}
        if module in imported:
            return {'keywords': None, 'reason': f"class '{module}' comes from another module"}
        if _dynamic(tree.body):
            return {'keywords': None, 'reason': 'the module makes its keywords at run time'}
        auto = _auto_keywords(tree.body)
        keywords = _keywords_of(tree.body, auto is not False, method=False)
        if auto is not False:
            for statement in tree.body:
                if isinstance(statement, ast.ImportFrom):
                    for alias in statement.names:
                        name = alias.asname or alias.name
                        if name != '*' and not name.startswith('_'):
                            keywords.append({'py': name, 'name': printable_name(name), 'args': None})
        return {'keywords': _public(_only_listed(tree.body, keywords))}
    chain = []
    current = library_class
    while current is not None:
        chain.append(current)
        bases = [base.id if isinstance(base, ast.Name) else None for base in current.bases]
        bases = [base for base in bases if base != 'object']
        if not bases:
            break
        if len(bases) > 1 or bases[0] not in classes or classes[bases[0]] in chain:
            return {'keywords': None, 'reason': f"class '{library_class.name}' inherits from classes outside the file"}
        current = classes[bases[0]]
    if any(_dynamic(item.body) for item in chain):
        return {'keywords': None, 'reason': f"class '{library_class.name}' makes its keywords at run time"}
    decorators = [_decorator_call(decorator) for decorator in library_class.decorator_list]
    library_call = next((call for name, call in decorators if name == 'library'), ...)
    auto = next((value for value in (_auto_keywords(item.body) for item in chain) if value is not None), None)
    if library_call is not ...:
        # @library turns automatic keywords off unless auto_keywords=True says otherwise.
        auto = _bool_argument(library_call, 'auto_keywords') or False
    keywords = []
    seen = set()
    for item in chain:
        for keyword in _keywords_of(item.body, auto is not False, method=True):
            if keyword['name'] not in seen:
                seen.add(keyword['name'])
                keywords.append(keyword)
    return {'keywords': keywords}


def _only_listed(body, keywords):
    for statement in body:
        if isinstance(statement, ast.Assign) and any(isinstance(target, ast.Name) and target.id == '__all__' for target in statement.targets):
            if isinstance(statement.value, (ast.List, ast.Tuple)):
                listed = {item.value for item in statement.value.elts if isinstance(item, ast.Constant)}
                return [keyword for keyword in keywords if keyword['py'] in listed]
    return keywords


def _public(keywords):
    return [{'name': keyword['name'], 'args': keyword['args']} for keyword in keywords]


# ---- Tools run beside the helper: RobotCode's analyzer, Robocop ---------------------

def run_tool(command, cwd, timeout, env=None):
    process = subprocess.Popen(
        command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, 'PYTHONIOENCODING': 'utf-8', 'NO_COLOR': '1', **(env or {})},
    )
    with CHILDREN_LOCK:
        CHILDREN.add(process)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeError(f'it took longer than {timeout} s')
    finally:
        with CHILDREN_LOCK:
            CHILDREN.discard(process)
    return process.returncode, stdout.decode('utf-8', 'replace'), stderr.decode('utf-8', 'replace')


def op_analyze(args):
    """RobotCode's `analyze code` on the paths, with the given settings files (later ones win);
    its cache goes to cache_dir, never into the project."""
    configs = [option for config in args.get('config_files') or [] for option in ('--config', config)]
    command = [
        sys.executable, '-c', 'from robotcode.cli.__main__ import main; main()',
        *(['--root', args['root'], '--no-vcs'] if args.get('root') else []),
        *configs,
        '--format', 'json', '--no-color', '--no-pager',
        'analyze', 'code', '--no-collect-unused', '--full-paths',
        *args['paths'],
    ]
    env = {'ROBOTCODE_CACHE_DIR': args['cache_dir']} if args.get('cache_dir') else None
    code, stdout, stderr = run_tool(command, args['cwd'], args.get('timeout') or TOOL_TIMEOUT_SECONDS, env)
    start = stdout.find('{')
    try:
        report = json.loads(stdout[start:]) if start != -1 else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        raise RuntimeError(f'RobotCode gave no report (exit code {code}): {one_line(stderr)[-300:]}')
    return report.get('diagnostics') or {}


def op_robocop(args):
    """Robocop's `check` on the paths, its report written to report_dir and returned."""
    output = os.path.join(args['report_dir'], f'robocop-{threading.get_ident()}.json')
    if os.path.exists(output):
        os.remove(output)
    command = [
        sys.executable, '-m', 'robocop', 'check', '--silent', '--exit-zero', '--no-cache',
        *(['--config', args['config']] if args.get('config') else []),
        *(args.get('extra') or []),
        '--reports', 'json_report', '--configure', f'json_report.output_path={output}',
        *args['paths'],
    ]
    code, stdout, stderr = run_tool(command, args['cwd'], args.get('timeout') or TOOL_TIMEOUT_SECONDS)
    if not os.path.exists(output):
        reason = one_line(stderr or stdout)[-300:]
        raise RuntimeError(f'Robocop gave no report (exit code {code}): {reason}')
    with open(output, encoding='utf-8') as report:
        issues = json.load(report)
    os.remove(output)
    for issue in issues:
        issue['source'] = os.path.abspath(os.path.join(args['cwd'], issue.get('source', '')))
    return issues


OPS = {
    'hello': op_hello,
    'parse': op_parse,
    'libdoc': op_libdoc,
    'source': op_source,
    'analyze': op_analyze,
    'robocop': op_robocop,
}


def handle(request):
    ident = request.get('id')
    try:
        op = OPS.get(request.get('op'))
        if op is None:
            raise ValueError(f"unknown op {request.get('op')!r}")
        answer({'id': ident, 'ok': True, 'result': op(request.get('args') or {})})
    except BaseException as error:  # noqa: BLE001 - every failure is an answer, never a dead helper
        # The first line says what failed; Robot appends tracebacks and the module search path.
        first = str(error).split('\n')[0].strip()
        message = one_line(f'{type(error).__name__}: {first}') if first else type(error).__name__
        answer({'id': ident, 'ok': False, 'error': message})


def stop_children():
    with CHILDREN_LOCK:
        for process in list(CHILDREN):
            try:
                process.kill()
            except OSError:
                pass


def main():
    # Libraries are found the way Robot finds them, not next to this script.
    script_folder = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or '.') != script_folder]
    # Ctrl-C reaches writer, which ends the helper itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    robot_thread = ThreadPoolExecutor(max_workers=1)
    tools = ThreadPoolExecutor(max_workers=TOOL_WORKERS)
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line.decode('utf-8'))
        except ValueError:
            continue
        if isinstance(request, dict):
            (tools if request.get('op') in TOOL_OPS else robot_thread).submit(handle, request)
    # stdin closed: writer is done (or gone); stop at once, tools included.
    stop_children()
    PROTOCOL.flush()
    os._exit(0)


if __name__ == '__main__':
    main()
