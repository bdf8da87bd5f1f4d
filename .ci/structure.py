#!/usr/bin/env python3
"""Two structure rules from issue 14, checked on every Rust file under crates/:

(a) no source file is over 500 lines;
(b) no two top-level modules of one crate import each other.

For (b) a crate is crates/NAME/src. Each file belongs to the top-level module its path
starts with (src/routes/pages.rs belongs to `routes`; lib.rs and main.rs are the root and
src/bin/ holds other crates, so they are left out). A module "imports" another when its
code names `crate::other…` (in a `use`, a group `use crate::{a, b::c}` or a path in the
code), `super::…` up to the crate root, or `crate::Name` where lib.rs re-exports `Name`
from `other`. Comments, strings and `#[cfg(test)]` items (inline or `mod tests;` files)
are ignored: tests may reach anywhere. A pair of modules that name each other is a cycle.

The result depends only on the files, never on timing or order: both lists are sorted.
Exit status 1 when a rule is broken. Run from anywhere; `--self-test` runs the checks on
small examples.
"""

import os
import re
import sys
from pathlib import Path

MAX_LINES = 500
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"

# Comments, string and char literals, in the order they must be tried. Lifetimes ('a)
# do not match the char pattern, which needs the closing quote.
TOKENS = re.compile(
    r"""
      (?P<line>//[^\n]*)
    | (?P<block>/\*.*?\*/)
    | (?P<raw>r(?P<hashes>\#*)".*?"(?P=hashes))
    | (?P<str>"(?:\\.|[^"\\])*")
    | (?P<char>'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])')
    """,
    re.VERBOSE | re.DOTALL,
)


def blank_out(text):
    """The code with comments and literals replaced by spaces (newlines kept, so line
    numbers stay right)."""
    return TOKENS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def matching_brace(code, open_at):
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(code) - 1


def drop_test_items(code):
    """The code without its `#[cfg(test)]` items, and the names of the test-only module
    files it declares (`#[cfg(test)] mod tests;`, with their `#[path]` if any)."""
    test_files = []
    attr = re.compile(r"#\[cfg\(test\)\]")
    while True:
        m = attr.search(code)
        if not m:
            return code, test_files
        i = m.end()
        # Further attributes of the same item, e.g. #[path = "text_tests.rs"].
        path = None
        while True:
            rest = code[i:]
            a = re.match(r"\s*#\[([^\]]*)\]", rest)
            if not a:
                break
            p = re.match(r'\s*path\s*=\s*"([^"]*)"', a.group(1))
            if p:
                path = p.group(1)
            i += a.end()
        brace, semi = code.find("{", i), code.find(";", i)
        if semi != -1 and (brace == -1 or semi < brace):
            decl = re.search(r"mod\s+(" + IDENT + r")\s*$", code[i:semi])
            if decl:
                test_files.append(path or decl.group(1))
            end = semi
        else:
            end = matching_brace(code, brace)
        # Keep the newlines so later line numbers stay right.
        item = code[m.start() : end + 1]
        code = code[: m.start()] + re.sub(r"[^\n]", " ", item) + code[end + 1 :]


def first_segments_of_group(code, open_at):
    """`{a, b::c, self, d as e}` → the first segment of each item: a, b, self, d."""
    names, depth, expect = [], 0, True
    for tok in re.finditer(IDENT + r"|[{},]", code[open_at:]):
        t = tok.group(0)
        if t == "{":
            depth += 1
            expect = depth == 1
        elif t == "}":
            depth -= 1
            if depth == 0:
                break
        elif t == ",":
            expect = depth == 1
        elif expect:
            names.append(t)
            expect = False
    return names


def references(code):
    """(line, name) for each module-level name reached through `crate::`."""
    found = []
    for m in re.finditer(r"(?<![A-Za-z0-9_])\$?crate\s*::\s*(\{|" + IDENT + ")", code):
        line = code.count("\n", 0, m.start()) + 1
        if m.group(1) == "{":
            found += [(line, n) for n in first_segments_of_group(code, m.start(1))]
        else:
            found.append((line, m.group(1)))
    return found


def super_references(code, depth):
    """(line, name) for `super::…::name` paths that climb from a file `depth` modules
    below the root all the way up to it."""
    found = []
    for m in re.finditer(r"(?<![A-Za-z0-9_:])((?:super\s*::\s*)+)(\{|" + IDENT + ")", code):
        if m.group(1).count("super") != depth:
            continue
        line = code.count("\n", 0, m.start()) + 1
        if m.group(2) == "{":
            found += [(line, n) for n in first_segments_of_group(code, m.start(2))]
        else:
            found.append((line, m.group(2)))
    return found


def root_reexports(root_code, modules):
    """Names the crate root re-exports from a module: `pub use money::{Money, Currency}`
    makes `crate::Money` a use of `money`."""
    owner = {}
    for m in re.finditer(r"\bpub\s+use\s+(" + IDENT + r")\s*::([^;]*);", root_code):
        if m.group(1) in modules:
            for name in re.findall(IDENT, m.group(2)):
                if name not in modules and name not in ("self", "as"):
                    owner.setdefault(name, m.group(1))
    return owner


def module_path(rel):
    """src-relative path → module segments: routes/mod.rs → [routes], a/b.rs → [a, b]."""
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def is_root(rel):
    return str(rel) in ("lib.rs", "main.rs")


def test_only_files(src, files_code):
    """Files that are `#[cfg(test)]` modules of another file."""
    skip = set()
    for rel, (_, test_mods) in files_code.items():
        here = (src / rel).parent
        own_dir = here if rel.name in ("mod.rs", "lib.rs", "main.rs") else here / rel.stem
        for name in test_mods:
            if name.endswith(".rs"):  # a #[path], relative to the declaring file's folder
                skip.add((here / name).resolve())
            else:
                skip.add((own_dir / f"{name}.rs").resolve())
                skip.add((own_dir / name / "mod.rs").resolve())
    return skip


def crate_cycles(src):
    """[(a, b, where a names b, where b names a)] for one crate's src folder."""
    files = sorted(p for p in src.rglob("*.rs") if p.relative_to(src).parts[0] != "bin")
    files_code = {}
    for path in files:
        code, test_mods = drop_test_items(blank_out(path.read_text(encoding="utf-8")))
        files_code[path.relative_to(src)] = (code, test_mods)
    skip = test_only_files(src, files_code)
    modules = {module_path(rel)[0] for rel in files_code if not is_root(rel)}
    root = "".join(code for rel, (code, _) in files_code.items() if is_root(rel))
    owner = root_reexports(root, modules)

    uses = {}  # (from, to) → first "file:line" where `from` names `to`
    for rel, (code, _) in files_code.items():
        segments = module_path(rel)
        if (src / rel).resolve() in skip or is_root(rel):
            continue
        here = segments[0]
        for line, name in references(code) + super_references(code, len(segments)):
            target = name if name in modules else owner.get(name)
            if target and target != here:
                uses.setdefault((here, target), f"{src / rel}:{line}")
    return sorted(
        (a, b, uses[(a, b)], uses[(b, a)]) for (a, b) in uses if a < b and (b, a) in uses
    )


def long_files(root):
    out = []
    for path in sorted(root.rglob("*.rs")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out.append((path, n))
    return out


def check(crates):
    failed = False
    for path, n in long_files(crates):
        print(f"{path}: {n} lines (at most {MAX_LINES})")
        failed = True
    for src in sorted(crates.glob("*/src")):
        for a, b, ab, ba in crate_cycles(src):
            print(f"{src.parent.name}: `{a}` and `{b}` import each other ({ab} → {b}; {ba} → {a})")
            failed = True
    return failed


def self_test():
    import tempfile

    files = {
        "lib.rs": "mod a; mod b; mod c; mod d;\npub use d::Thing;\n",
        "a.rs": "use crate::{b::X, c};\n// crate::d in a comment\nconst S: &str = \"crate::d\";\n",
        "b/mod.rs": "mod inner;\n",
        "b/inner.rs": "use super::super::a::Y;\n",
        "c.rs": "fn f() -> crate::Thing { todo!() }\n#[cfg(test)]\nmod tests { use crate::a; }\n",
        "d.rs": 'pub struct Thing;\nuse crate::c;\n#[cfg(test)]\n#[path = "d_tests.rs"]\nmod tests;\n',
        "d_tests.rs": "use crate::a;\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "k" / "src"
        for name, text in files.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(text)
        got = [(a, b) for a, b, _, _ in crate_cycles(src)]
        # a ↔ b (through b's submodule), c ↔ d (through lib.rs's re-export); not a ↔ c
        # (c's test), not a ↔ d (a comment, a string, d's test file).
        assert got == [("a", "b"), ("c", "d")], got
        (src / "long.rs").write_text("\n" * (MAX_LINES + 1))
        assert [n for _, n in long_files(src)] == [MAX_LINES + 1]
    print("structure.py self-test passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        sys.exit(0)
    # From the repository's root, so that the paths printed are short.
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.exit(1 if check(Path("crates")) else 0)
