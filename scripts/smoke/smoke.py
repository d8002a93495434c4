#!/usr/bin/python3
"""Smoke test of agora with real Mastodon clients: Mastodon.py and toot.

Run with Debian's python3 (/usr/bin/python3), which sees the python3-mastodon package,
against a running agora whose two accounts exist:

    AGORA_URL=http://127.0.0.1:PORT \
    AGORA_ALICE=alice@example.org:password AGORA_BOB=bob@example.org:password \
    /usr/bin/python3 scripts/smoke/smoke.py

Alice uses Mastodon.py, Bob uses the toot command (TOOT, default /usr/bin/toot) with
its configuration in a temporary XDG_CONFIG_HOME. Each step prints one line,
"ok STEP" or "FAIL STEP: why", and the script goes on to the next step; the last
line is "done". The exit status is 0 when every step passed, 1 otherwise.
e2e/smoke_clients_test.go runs it and judges the lines.
"""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

from mastodon import Mastodon

BASE = os.environ["AGORA_URL"].rstrip("/")
HOSTPORT = BASE.split("://", 1)[1]
ALICE_EMAIL, ALICE_PASSWORD = os.environ["AGORA_ALICE"].split(":", 1)
BOB_EMAIL, BOB_PASSWORD = os.environ["AGORA_BOB"].split(":", 1)
TOOT = os.environ.get("TOOT", "/usr/bin/toot")
CONFIG_HOME = tempfile.mkdtemp(prefix="agora-smoke-toot-")

# What the steps share: the clients and the statuses they make.
ctx = {}


class StepFailed(Exception):
    """A check of a step that did not hold."""


def check(cond, why):
    if not cond:
        raise StepFailed(why)


def toot(*args, stdin=None):
    """Runs toot as Bob and returns its standard output; a non-zero exit fails."""
    env = dict(os.environ, XDG_CONFIG_HOME=CONFIG_HOME, NO_COLOR="1")
    p = subprocess.run([TOOT, *args, "--no-color"], input=stdin, capture_output=True,
                       text=True, env=env, timeout=60)
    if p.returncode != 0:
        raise StepFailed("toot %s: exit %d\nstdout: %s\nstderr: %s"
                         % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p.stdout


def toot_posted_id(out):
    """The status ID in toot post's "Toot posted: URL" line."""
    m = re.search(r"/(\d+)\s*$", out.strip())
    check(m is not None, "no status URL in toot's output: %r" % out)
    return m.group(1)


def ids(statuses):
    return [str(s["id"]) for s in statuses]


def step_signin():
    client_id, client_secret = Mastodon.create_app(
        "agora smoke", api_base_url=BASE, scopes=["read", "write", "follow"])
    alice = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=BASE)
    alice.log_in(ALICE_EMAIL, ALICE_PASSWORD, scopes=["read", "write", "follow"])
    me = alice.account_verify_credentials()
    check(me.username == "alice", "Mastodon.py signed in as %r" % me.username)
    ctx["alice"], ctx["alice_id"] = alice, str(me.id)
    toot("login_cli", "--instance", HOSTPORT, "--disable-https", "--email", BOB_EMAIL,
         stdin=BOB_PASSWORD + "\n")
    out = toot("whoami")
    check("@bob" in out, "toot whoami after login_cli: %r" % out)
    ctx["bob_id"] = str(alice.account_lookup("bob").id)


def step_follow():
    alice = ctx["alice"]
    toot("follow", "alice")
    rel = alice.account_relationships(ctx["bob_id"])[0]
    check(rel.followed_by, "Bob's toot follow: Alice's relationship says not followed_by")
    alice.account_follow(ctx["bob_id"])
    rel = alice.account_relationships(ctx["bob_id"])[0]
    check(rel.following, "Alice's follow: relationship says not following")
    check("alice" in toot("following", "bob"), "toot following bob does not list alice")


def step_post():
    alice = ctx["alice"]
    st = alice.status_post("Hello from Mastodon.py #smoketest")
    ctx["alice_post"] = str(st.id)
    bob_post = toot_posted_id(toot("post", "Hello from toot, the smoke test of agora"))
    ctx["bob_post"] = bob_post
    home = ids(alice.timeline_home(limit=10))
    check(bob_post in home, "Bob's toot post %s not in Alice's home %s" % (bob_post, home))
    check(ctx["alice_post"] in home, "Alice's post not in her home timeline")
    out = toot("timeline", "--once", "--count", "10")
    check("Hello from Mastodon.py" in out, "Alice's post not in Bob's toot timeline:\n" + out)


def step_reply():
    alice = ctx["alice"]
    reply = toot_posted_id(toot("post", "@alice a reply from toot", "--reply-to", ctx["alice_post"]))
    ctx["bob_reply"] = reply
    got = alice.status(reply)
    check(str(got.in_reply_to_id) == ctx["alice_post"], "reply's in_reply_to_id is %r" % got.in_reply_to_id)
    desc = ids(alice.status_context(ctx["alice_post"]).descendants)
    check(reply in desc, "reply %s not among the descendants %s" % (reply, desc))
    mine = alice.status_post("@bob and an answer from Mastodon.py", in_reply_to_id=reply)
    check(str(mine.in_reply_to_id) == reply, "Mastodon.py reply has in_reply_to_id %r" % mine.in_reply_to_id)


def step_boost():
    alice = ctx["alice"]
    toot("reblog", ctx["alice_post"])
    by = [a.username for a in alice.status_reblogged_by(ctx["alice_post"])]
    check(by == ["bob"], "reblogged_by after toot reblog: %r" % by)
    boost = alice.status_reblog(ctx["bob_post"])
    check(boost.reblog is not None and str(boost.reblog.id) == ctx["bob_post"], "Mastodon.py reblog answered %r" % boost)
    check(alice.status(ctx["bob_post"]).reblogged, "Bob's post not reblogged after Alice's boost")


def step_favourite():
    alice = ctx["alice"]
    toot("favourite", ctx["alice_post"])
    by = [a.username for a in alice.status_favourited_by(ctx["alice_post"])]
    check(by == ["bob"], "favourited_by after toot favourite: %r" % by)
    fav = alice.status_favourite(ctx["bob_post"])
    check(fav.favourited and fav.favourites_count == 1, "Mastodon.py favourite answered %r" % fav)
    check(ctx["bob_post"] in ids(alice.favourites()), "Bob's post not among Alice's favourites")


def step_bookmark():
    alice = ctx["alice"]
    alice.status_bookmark(ctx["bob_post"])
    check(ids(alice.bookmarks()) == [ctx["bob_post"]], "Alice's bookmarks: %r" % ids(alice.bookmarks()))
    toot("bookmark", ctx["alice_post"])
    out = toot("bookmarks", "--once")
    check("Hello from Mastodon.py" in out, "toot bookmarks does not show the bookmark:\n" + out)
    alice.status_unbookmark(ctx["bob_post"])
    check(alice.bookmarks() == [], "bookmark still there after unbookmark")


def step_timelines():
    alice = ctx["alice"]
    posted = [str(alice.status_post("paging %d #smoketest" % i).id) for i in range(5)]
    first = alice.timeline_home(limit=2)
    check(ids(first) == posted[:2:-1][:2], "first page %r, want the two newest %r" % (ids(first), posted[:2:-1][:2]))
    second = alice.fetch_next(first)
    check(second is not None and len(second) == 2, "fetch_next answered %r" % second)
    check(ids(second) == [posted[2], posted[1]], "second page %r, want %r" % (ids(second), [posted[2], posted[1]]))
    back = alice.fetch_previous(second)
    check(back is not None and ids(back) == ids(first), "fetch_previous answered %r, want %r" % (back and ids(back), ids(first)))
    pub = ids(alice.timeline_public(local=True, limit=40))
    check(set(posted) <= set(pub), "the public timeline lacks the new posts")
    tag = ids(alice.timeline_hashtag("smoketest", limit=40))
    check(set(posted + [ctx["alice_post"]]) <= set(tag), "the #smoketest timeline lacks posts: %r" % tag)


def step_notifications():
    alice = ctx["alice"]
    favs = alice.notifications(types=["favourite"])
    check(len(favs) >= 1 and all(n.type == "favourite" for n in favs), "types=[favourite]: %r" % [n.type for n in favs])
    check(str(favs[0].status.id) == ctx["alice_post"], "the favourite notification is about %r" % favs[0].status.id)
    rest = alice.notifications(exclude_types=["favourite"])
    kinds = {n.type for n in rest}
    check("favourite" not in kinds and {"follow", "reblog", "mention"} <= kinds,
          "exclude_types=[favourite] gave %r" % kinds)
    out = toot("notifications", "--mentions")
    check("Hello from Mastodon.py" in out or "answer from Mastodon.py" in out,
          "toot notifications --mentions does not show Alice's answer:\n" + out)


def step_search():
    alice = ctx["alice"]
    res = alice.search_v2("bob", result_type="accounts")
    check([a.username for a in res.accounts] == ["bob"], "accounts for 'bob': %r" % res.accounts)
    res = alice.search_v2("#smoketest", result_type="hashtags")
    check([h.name for h in res.hashtags] == ["smoketest"], "hashtags for '#smoketest': %r" % res.hashtags)
    res = alice.search_v2("smoke test of agora", result_type="statuses")
    check(ids(res.statuses) == [ctx["bob_post"]], "statuses for 'smoke test of agora': %r" % ids(res.statuses))
    out = toot("search", "alice")
    check("@alice" in out, "toot search alice:\n" + out)


def step_block():
    alice = ctx["alice"]
    bob = alice.search_v2("bob", result_type="accounts").accounts[0]
    rel = alice.account_block(bob)
    check(rel.blocking, "account_block answered %r" % rel)
    home = ids(alice.timeline_home(limit=40))
    check(ctx["bob_post"] not in home, "Bob's post still in the home timeline while blocked")
    check(not alice.account_relationships(bob)[0].following, "the block left Alice following Bob")
    rel = alice.account_unblock(bob)
    check(not rel.blocking, "account_unblock answered %r" % rel)
    toot("block", "alice")
    toot("unblock", "alice")
    check(not alice.account_relationships(bob)[0].blocked_by, "Bob's toot unblock left Alice blocked_by")


def step_edit():
    alice = ctx["alice"]
    st = alice.status_post("a typo to fix")
    edited = alice.status_update(st.id, status="a typo fixed")
    check("a typo fixed" in edited.content and edited.edited_at is not None, "status_update answered %r" % edited)
    check("a typo fixed" in alice.status(st.id).content, "the edit did not stick")
    history = alice.status_history(st.id)
    check(len(history) == 2, "status_history has %d versions, want 2" % len(history))


def step_poll():
    alice = ctx["alice"]
    poll = alice.make_poll(["tea", "coffee"], expires_in=3600)
    st = alice.status_post("Tea or coffee?", poll=poll)
    check(st.poll is not None and [o.title for o in st.poll.options] == ["tea", "coffee"], "poll posted as %r" % st.poll)
    bob_token = ctx.get("bob_token") or bob_mastodon()
    bob_token.poll_vote(st.poll.id, [1])  # Mastodon.py 1.8 drops the answer: read the poll back
    seen = bob_token.poll(st.poll.id)
    check(seen.voted and seen.own_votes == [1] and seen.options[1].votes_count == 1, "Bob's poll after his vote: %r" % seen)
    check(alice.poll(st.poll.id).votes_count == 1, "the poll's votes_count after one vote")


def bob_mastodon():
    """Bob through Mastodon.py, for the steps that need two Mastodon.py users."""
    client_id, client_secret = Mastodon.create_app("agora smoke bob", api_base_url=BASE)
    bob = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=BASE)
    bob.log_in(BOB_EMAIL, BOB_PASSWORD)
    ctx["bob_token"] = bob
    return bob


def step_schedule():
    alice = ctx["alice"]
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    sched = alice.status_post("from the future", scheduled_at=when)
    check("scheduled_at" in sched and "params" in sched, "scheduled status_post answered %r" % sched)
    check([str(s.id) for s in alice.scheduled_statuses()] == [str(sched.id)], "scheduled_statuses does not list it")
    out = toot("post", "toot from the future", "--scheduled-in", "2h")
    check("scheduled" in out.lower(), "toot post --scheduled-in:\n" + out)


STEPS = [
    ("signin", step_signin),
    ("follow", step_follow),
    ("post", step_post),
    ("reply", step_reply),
    ("boost", step_boost),
    ("favourite", step_favourite),
    ("bookmark", step_bookmark),
    ("timelines", step_timelines),
    ("notifications", step_notifications),
    ("search", step_search),
    ("block", step_block),
    ("edit", step_edit),
    ("poll", step_poll),
    ("schedule", step_schedule),
]


def main():
    failed = 0
    for name, fn in STEPS:
        start = time.monotonic()
        try:
            fn()
        except Exception as e:  # every failure of a step is reported, then the next runs
            failed += 1
            detail = str(e) if isinstance(e, StepFailed) else traceback.format_exc()
            print("FAIL %s: %s" % (name, detail.strip().replace("\n", "\n    ")), flush=True)
            if name == "signin":
                break
            continue
        print("ok %s (%.2fs)" % (name, time.monotonic() - start), flush=True)
    print("done", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
