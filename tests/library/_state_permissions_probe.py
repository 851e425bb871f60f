"""Run by test_state_validation under setpriv: unreadable state file, read-only folder."""
import os
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from viewer.model import Article, ArticleMeta
from viewer.library.userstate import UserState
base = Path(sys.argv[2])
# 1: unreadable state.json
(base / "a").mkdir()
p = base / "a" / "state.json"
p.write_text('{"version": 1}')
p.chmod(0)
s = UserState.load(p)
print("unreadable:", s.problems, s.path)
# 2: read-only folder: saves fail, are reported, never raise; later saves work once writable
(base / "b").mkdir()
q = base / "b" / "state.json"
s = UserState.load(q)
(base / "b").chmod(0o555)
art = Article(os.fsdecode(b"/n/x\xe9.txt"), "t", ArticleMeta(), [], "h")
s.set_meta(art, "title", "T1")
print("read-only save:", s.problems[-1][:90])
(base / "b").chmod(0o755)
s.set_meta(art, "title", "T2")
print("after:", len(s.problems), UserState.load(q).overrides(art))
