#!/usr/bin/env node
// Smoke test of agora with the JavaScript Mastodon clients: megalodon and masto.js.
//
// Run with Node 20 or later from a checkout whose scripts/smoke/node_modules holds
// the pinned packages (npm ci --ignore-scripts --prefix scripts/smoke), against a
// running agora whose two accounts exist:
//
//     AGORA_URL=http://127.0.0.1:PORT \
//     AGORA_ALICE=alice@example.org:password AGORA_BOB=bob@example.org:password \
//     node scripts/smoke/smoke.mjs
//
// Alice uses megalodon, Bob uses masto.js (and megalodon where a step needs a second
// megalodon user). Tokens come from an app registered through megalodon and the
// password grant, as Mastodon.py's log_in gets them in smoke.py. Each step prints
// one line, "ok STEP (1.23s)" or "FAIL STEP: why" (more lines of the why indented
// by four spaces), and the script goes on to the next step; the last line is "done".
// The exit status is 0 when every step passed, 1 otherwise.
// e2e/smoke_clients_test.go runs it and judges the lines.

import megalodon from "megalodon";
import { createRestAPIClient } from "masto";

const generator = megalodon.default;
const { detector } = megalodon;

const BASE = process.env.AGORA_URL.replace(/\/+$/, "");
const [ALICE_EMAIL, ALICE_PASSWORD] = splitCredentials(process.env.AGORA_ALICE);
const [BOB_EMAIL, BOB_PASSWORD] = splitCredentials(process.env.AGORA_BOB);

// What the steps share: the clients and the statuses they make.
const ctx = {};

class StepFailed extends Error {}

function splitCredentials(s) {
  const i = s.indexOf(":");
  return [s.slice(0, i), s.slice(i + 1)];
}

function check(cond, why) {
  if (!cond) {
    throw new StepFailed(why);
  }
}

const ids = (list) => list.map((s) => String(s.id));
const show = (v) => JSON.stringify(v);

// token registers an app through megalodon and signs in with the password grant
// (megalodon has no password grant; Mastodon.py's log_in sends the same form).
async function token(email, password) {
  const anon = generator("mastodon", BASE);
  const app = await anon.registerApp("agora smoke js", { scopes: ["read", "write", "follow"] });
  const res = await fetch(BASE + "/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: app.client_id,
      client_secret: app.client_secret,
      username: email,
      password,
      scope: "read write follow",
    }),
  });
  const body = await res.json();
  check(res.ok && body.access_token, `password grant for ${email}: ${res.status} ${show(body)}`);
  return body.access_token;
}

// megalodon steps (Alice).

async function stepDetector() {
  const sns = await detector(BASE);
  check(sns === "mastodon", `detector answered ${show(sns)}, want "mastodon"`);
}

async function stepSignin() {
  ctx.aliceToken = await token(ALICE_EMAIL, ALICE_PASSWORD);
  ctx.bobToken = await token(BOB_EMAIL, BOB_PASSWORD);
  ctx.alice = generator("mastodon", BASE, ctx.aliceToken);
  ctx.bobM = generator("mastodon", BASE, ctx.bobToken);
  const me = (await ctx.alice.verifyAccountCredentials()).data;
  check(me.username === "alice", `megalodon signed in as ${show(me.username)}`);
  ctx.aliceId = me.id;
  ctx.bobId = (await ctx.alice.lookupAccount("bob")).data.id;
}

// The way apps sign people in: megalodon registers the app and makes the
// authorization URL, the person signs in on agora's page (as a browser would,
// with its cookie and hidden fields), copies the out-of-band code, and megalodon
// trades it for a token (a JSON body) and later revokes it.
async function stepOAuth() {
  const anon = generator("mastodon", BASE);
  const app = await anon.registerApp("agora smoke js oauth", { scopes: ["read", "write"] });
  check(app.url && app.url.startsWith(BASE + "/oauth/authorize?"), `registerApp's authorization URL ${show(app.url)}`);
  const page = await fetch(app.url);
  const html = await page.text();
  check(page.ok, `GET the authorization URL: ${page.status} ${html.slice(0, 300)}`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(m[1], m[2].replace(/&amp;/g, "&").replace(/&#43;/g, "+").replace(/&#34;/g, '"').replace(/&#39;/g, "'"));
  }
  check(form.get("csrf") && form.get("client_id") === app.client_id, `sign-in form fields ${show([...form.keys()])}`);
  form.set("login", ALICE_EMAIL);
  form.set("password", ALICE_PASSWORD);
  form.set("decision", "allow");
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signedIn = await fetch(BASE + "/oauth/authorize", {
    method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie },
  });
  const done = await signedIn.text();
  const code = (done.match(/id="code">([^<]+)</) || [])[1];
  check(signedIn.ok && code, `signing in: ${signedIn.status}, no code shown: ${done.slice(0, 400)}`);
  const tok = await anon.fetchAccessToken(app.client_id, app.client_secret, code);
  check(tok.access_token, `fetchAccessToken answered ${show(tok)}`);
  const client = generator("mastodon", BASE, tok.access_token);
  const me = (await client.verifyAccountCredentials()).data;
  check(me.username === "alice", `signed in through the code as ${show(me.username)}`);
  await anon.revokeToken(app.client_id, app.client_secret, tok.access_token);
  const after = await client.verifyAccountCredentials().then(() => "still valid", (e) => e.response && e.response.status);
  check(after === 401, `verifyAccountCredentials after revokeToken: ${show(after)}, want 401`);
}

async function stepFollow() {
  const rel = (await ctx.alice.followAccount(ctx.bobId)).data;
  check(rel.following, `followAccount answered ${show(rel)}`);
  const back = (await ctx.bobM.followAccount(ctx.aliceId)).data;
  check(back.following, `Bob's followAccount answered ${show(back)}`);
  const seen = (await ctx.alice.getRelationship(ctx.bobId)).data;
  check(seen.following && seen.followed_by, `relationship after both follows: ${show(seen)}`);
}

async function stepPost() {
  const st = (await ctx.alice.postStatus("Hello from megalodon #jssmoke")).data;
  check(st.content.includes("Hello from megalodon"), `postStatus answered ${show(st)}`);
  ctx.alicePost = st.id;
  const bob = (await ctx.bobM.postStatus("Hello from Bob, the JavaScript smoke test of agora")).data;
  ctx.bobPost = bob.id;
  const home = ids((await ctx.alice.getHomeTimeline({ limit: 10 })).data);
  check(home.includes(bob.id) && home.includes(st.id), `home ${show(home)} lacks ${st.id} or Bob's ${bob.id}`);
}

async function stepReply() {
  const reply = (await ctx.bobM.postStatus("@alice a reply from megalodon", { in_reply_to_id: ctx.alicePost })).data;
  check(reply.in_reply_to_id === ctx.alicePost, `reply's in_reply_to_id is ${show(reply.in_reply_to_id)}`);
  ctx.bobReply = reply.id;
  const desc = ids((await ctx.alice.getStatusContext(ctx.alicePost)).data.descendants);
  check(desc.includes(reply.id), `reply ${reply.id} not among the descendants ${show(desc)}`);
}

async function stepFavourite() {
  const fav = (await ctx.bobM.favouriteStatus(ctx.alicePost)).data;
  check(fav.favourited && fav.favourites_count === 1, `favouriteStatus answered favourited=${fav.favourited} count=${fav.favourites_count}`);
  const by = (await ctx.alice.getStatusFavouritedBy(ctx.alicePost)).data.map((a) => a.username);
  check(show(by) === show(["bob"]), `favourited_by ${show(by)}`);
  await ctx.alice.favouriteStatus(ctx.bobPost);
  const favs = ids((await ctx.alice.getFavourites()).data);
  check(favs.includes(ctx.bobPost), `getFavourites ${show(favs)} lacks ${ctx.bobPost}`);
}

async function stepBoost() {
  const boost = (await ctx.alice.reblogStatus(ctx.bobPost)).data;
  check(boost.reblog && boost.reblog.id === ctx.bobPost, `reblogStatus answered ${show(boost)}`);
  await ctx.bobM.reblogStatus(ctx.alicePost);
  const by = (await ctx.alice.getStatusRebloggedBy(ctx.alicePost)).data.map((a) => a.username);
  check(show(by) === show(["bob"]), `reblogged_by ${show(by)}`);
  check((await ctx.alice.getStatus(ctx.bobPost)).data.reblogged, "Bob's post not reblogged after Alice's boost");
}

async function stepBookmark() {
  const bm = (await ctx.alice.bookmarkStatus(ctx.bobPost)).data;
  check(bm.bookmarked, `bookmarkStatus answered bookmarked=${bm.bookmarked}`);
  check(show(ids((await ctx.alice.getBookmarks()).data)) === show([ctx.bobPost]), "getBookmarks does not list exactly the bookmark");
  await ctx.alice.unbookmarkStatus(ctx.bobPost);
  check((await ctx.alice.getBookmarks()).data.length === 0, "bookmark still there after unbookmarkStatus");
}

async function stepTimelines() {
  const posted = [];
  for (let i = 0; i < 5; i++) {
    posted.push((await ctx.alice.postStatus(`megalodon paging ${i} #jssmoke`)).data.id);
  }
  const first = ids((await ctx.alice.getHomeTimeline({ limit: 2 })).data);
  check(show(first) === show([posted[4], posted[3]]), `first page ${show(first)}, want ${show([posted[4], posted[3]])}`);
  const second = ids((await ctx.alice.getHomeTimeline({ limit: 2, max_id: first[1] })).data);
  check(show(second) === show([posted[2], posted[1]]), `max_id page ${show(second)}, want ${show([posted[2], posted[1]])}`);
  const newer = ids((await ctx.alice.getHomeTimeline({ limit: 2, min_id: second[0] })).data);
  check(show(newer) === show([posted[4], posted[3]]), `min_id page ${show(newer)}, want ${show([posted[4], posted[3]])}`);
  const pub = ids((await ctx.alice.getLocalTimeline({ limit: 40 })).data);
  check(posted.every((id) => pub.includes(id)), "the local timeline lacks the new posts");
  const tag = ids((await ctx.alice.getTagTimeline("jssmoke", { limit: 40 })).data);
  check([...posted, ctx.alicePost].every((id) => tag.includes(id)), `the #jssmoke timeline lacks posts: ${show(tag)}`);
}

async function stepNotifications() {
  const all = (await ctx.alice.getNotifications()).data;
  const kinds = new Set(all.map((n) => n.type));
  for (const want of ["follow", "mention", "favourite", "reblog"]) {
    check(kinds.has(want), `notifications ${show([...kinds])} lack ${want}`);
  }
  const rest = (await ctx.alice.getNotifications({ exclude_types: ["favourite", "reblog", "follow"] })).data;
  check(rest.length > 0 && rest.every((n) => n.type === "mention"), `exclude_types gave ${show(rest.map((n) => n.type))}`);
  check(rest[0].status && rest[0].status.id === ctx.bobReply, `the mention is about ${show(rest[0].status && rest[0].status.id)}, want ${ctx.bobReply}`);
}

async function stepSearch() {
  const accounts = (await ctx.alice.search("bob", { type: "accounts" })).data.accounts.map((a) => a.username);
  check(show(accounts) === show(["bob"]), `accounts for "bob": ${show(accounts)}`);
  const tags = (await ctx.alice.search("#jssmoke", { type: "hashtags" })).data.hashtags.map((h) => h.name);
  check(show(tags) === show(["jssmoke"]), `hashtags for "#jssmoke": ${show(tags)}`);
  const statuses = ids((await ctx.alice.search("JavaScript smoke test", { type: "statuses" })).data.statuses);
  check(show(statuses) === show([ctx.bobPost]), `statuses for "JavaScript smoke test": ${show(statuses)}`);
}

async function stepUnfollow() {
  const rel = (await ctx.alice.unfollowAccount(ctx.bobId)).data;
  check(!rel.following, `unfollowAccount answered ${show(rel)}`);
  const home = ids((await ctx.alice.getHomeTimeline({ limit: 40 })).data);
  check(!home.includes(ctx.bobPost), "Bob's post still in Alice's home after the unfollow");
  const again = (await ctx.alice.followAccount(ctx.bobId)).data;
  check(again.following, `following again answered ${show(again)}`);
}

async function stepBlock() {
  const rel = (await ctx.alice.blockAccount(ctx.bobId)).data;
  check(rel.blocking && !rel.following, `blockAccount answered ${show(rel)}`);
  const home = ids((await ctx.alice.getHomeTimeline({ limit: 40 })).data);
  check(!home.includes(ctx.bobPost), "Bob's post still in the home timeline while blocked");
  const un = (await ctx.alice.unblockAccount(ctx.bobId)).data;
  check(!un.blocking, `unblockAccount answered ${show(un)}`);
  const bobSees = (await ctx.bobM.getRelationship(ctx.aliceId)).data;
  check(!bobSees.blocked_by, `Bob's relationship after the unblock: ${show(bobSees)}`);
}

async function stepEdit() {
  const st = (await ctx.alice.postStatus("a tpyo to fix")).data;
  const edited = (await ctx.alice.editStatus(st.id, { status: "a typo fixed" })).data;
  check(edited.content.includes("a typo fixed") && edited.edited_at, `editStatus answered ${show(edited)}`);
  check((await ctx.alice.getStatus(st.id)).data.content.includes("a typo fixed"), "the edit did not stick");
  const source = (await ctx.alice.getStatusSource(st.id)).data;
  check(source.text === "a typo fixed", `getStatusSource answered ${show(source)}`);
}

async function stepPoll() {
  const st = (await ctx.alice.postStatus("Tea or coffee, megalodon?", { poll: { options: ["tea", "coffee"], expires_in: 3600 } })).data;
  check(st.poll && show(st.poll.options.map((o) => o.title)) === show(["tea", "coffee"]), `poll posted as ${show(st.poll)}`);
  const voted = (await ctx.bobM.votePoll(st.poll.id, [1])).data;
  check(voted.voted && show(voted.own_votes) === show([1]) && voted.options[1].votes_count === 1, `votePoll answered ${show(voted)}`);
  const seen = (await ctx.alice.getPoll(st.poll.id)).data;
  check(seen.votes_count === 1, `the poll's votes_count after one vote: ${show(seen)}`);
}

async function stepSchedule() {
  const when = new Date(Date.now() + 3600 * 1000).toISOString();
  const sched = (await ctx.alice.postStatus("from the future, by megalodon", { scheduled_at: when })).data;
  check(sched.scheduled_at && sched.params && sched.params.text === "from the future, by megalodon", `scheduled postStatus answered ${show(sched)}`);
  const listed = ids((await ctx.alice.getScheduledStatuses()).data);
  check(listed.includes(sched.id), `getScheduledStatuses ${show(listed)} lacks ${sched.id}`);
  const later = new Date(Date.now() + 7200 * 1000).toISOString();
  const moved = (await ctx.alice.scheduleStatus(sched.id, later)).data;
  check(Date.parse(moved.scheduled_at) === Date.parse(later.replace(/\.\d+Z$/, ".000Z")) || Math.abs(Date.parse(moved.scheduled_at) - Date.parse(later)) < 1000,
    `scheduleStatus moved it to ${moved.scheduled_at}, want ${later}`);
  const poll = (await ctx.alice.postStatus("a poll from the future", {
    scheduled_at: when, poll: { options: ["yes", "no"], expires_in: 600, multiple: true },
  })).data;
  check(poll.params && poll.params.poll && show(poll.params.poll.options) === show(["yes", "no"]) && poll.params.poll.multiple === true,
    `scheduled poll answered ${show(poll)}`);
  await ctx.alice.cancelScheduledStatus(sched.id);
  const after = ids((await ctx.alice.getScheduledStatuses()).data);
  check(!after.includes(sched.id) && after.includes(poll.id), `after cancelScheduledStatus: ${show(after)}`);
}

async function stepAccounts() {
  const inst = (await ctx.alice.getInstance()).data;
  check(inst.uri && /^4\.\d+\.\d+/.test(inst.version) && inst.configuration, `getInstance answered uri=${show(inst.uri)} version=${show(inst.version)}`);
  // get_all follows the Link header's next pages until one has no next. A page
  // with no Link header at all (an empty one) throws in megalodon: as Mastodon,
  // a short page must not link to a next one.
  // The block step ended both follows.
  await ctx.bobM.followAccount(ctx.aliceId);
  await ctx.alice.followAccount(ctx.bobId);
  const followers = (await ctx.alice.getAccountFollowers(ctx.aliceId, { get_all: true })).data.map((a) => a.username);
  check(show(followers) === show(["bob"]), `getAccountFollowers get_all ${show(followers)}`);
  const following = (await ctx.alice.getAccountFollowing(ctx.aliceId, { limit: 2, get_all: true })).data.map((a) => a.username);
  check(show(following) === show(["bob"]), `getAccountFollowing get_all ${show(following)}`);
  const rels = (await ctx.alice.getRelationships([ctx.bobId])).data;
  check(rels.length === 1 && rels[0].id === ctx.bobId && rels[0].following && rels[0].followed_by, `getRelationships answered ${show(rels)}`);
  const own = ids((await ctx.alice.getAccountStatuses(ctx.aliceId, { limit: 40, exclude_replies: true })).data);
  check(own.includes(ctx.alicePost) && own.length > 5, `getAccountStatuses exclude_replies ${show(own)}`);
  const bobs = (await ctx.alice.getAccountStatuses(ctx.bobId, { exclude_replies: true })).data;
  check(!ids(bobs).includes(ctx.bobReply) && ids(bobs).includes(ctx.bobPost), `Bob's statuses without replies ${show(ids(bobs))}`);
}

async function stepMisc() {
  const prefs = (await ctx.alice.getPreferences()).data;
  check(prefs["posting:default:visibility"], `getPreferences answered ${show(prefs)}`);
  const top = (await ctx.alice.getHomeTimeline({ limit: 1 })).data[0];
  await ctx.alice.saveMarkers({ home: { last_read_id: top.id } });
  const markers = (await ctx.alice.getMarkers(["home"])).data;
  check(markers.home && markers.home.last_read_id === top.id, `getMarkers after saveMarkers ${show(markers)}`);
  const dm = (await ctx.alice.postStatus("@bob just between us", { visibility: "direct" })).data;
  const convs = (await ctx.bobM.getConversationTimeline()).data;
  check(convs.some((c) => c.last_status && c.last_status.id === dm.id), `Bob's conversations ${show(convs.map((c) => c.last_status && c.last_status.id))} lack ${dm.id}`);
  const emojis = (await ctx.alice.getInstanceCustomEmojis()).data;
  check(Array.isArray(emojis), `getInstanceCustomEmojis answered ${show(emojis)}`);
  const first = (await ctx.alice.getNotifications({ limit: 1 })).data[0];
  const one = (await ctx.alice.getNotification(first.id)).data;
  check(one.id === first.id && one.type === first.type, `getNotification answered ${show(one)}`);
  await ctx.alice.dismissNotification(first.id);
  const after = ids((await ctx.alice.getNotifications({ limit: 40 })).data);
  check(!after.includes(first.id), "the dismissed notification is still listed");
}

// masto.js steps (Bob).

async function stepMastoInstance() {
  ctx.masto = createRestAPIClient({ url: BASE, accessToken: ctx.bobToken, timeout: 20000 });
  const inst = await ctx.masto.v2.instance.fetch();
  check(inst.domain && /^4\.\d+\.\d+/.test(inst.version), `v2 instance answered domain=${show(inst.domain)} version=${show(inst.version)}`);
  check(inst.configuration && inst.configuration.statuses && inst.configuration.statuses.maxCharacters > 0,
    `configuration.statuses as masto.js reads it: ${show(inst.configuration && inst.configuration.statuses)}`);
  // A client built with a trailing slash on its URL must reach the same API.
  const slashed = createRestAPIClient({ url: BASE + "/", accessToken: ctx.bobToken, timeout: 20000 });
  const again = await slashed.v1.instance.fetch();
  check(again.uri || again.version, `v1 instance through a URL with a trailing slash: ${show(again)}`);
}

async function stepMastoSignin() {
  const me = await ctx.masto.v1.accounts.verifyCredentials();
  check(me.username === "bob" && me.id === ctx.bobId, `verifyCredentials answered ${show(me.username)} ${show(me.id)}`);
  check(me.source && typeof me.source.privacy === "string", `verifyCredentials lacks source: ${show(me.source)}`);
}

async function stepMastoPost() {
  const st = await ctx.masto.v1.statuses.create({ status: "Hello from masto.js #jssmoke", visibility: "public" });
  check(st.content.includes("Hello from masto.js") && st.account.id === ctx.bobId, `statuses.create answered ${show(st)}`);
  ctx.mastoPost = st.id;
  const got = await ctx.masto.v1.statuses.$select(st.id).fetch();
  check(got.id === st.id, `statuses.$select().fetch answered ${show(got.id)}`);
  const fav = await ctx.masto.v1.statuses.$select(ctx.alicePost).favourite();
  check(fav.favourited, `statuses.$select().favourite answered favourited=${fav.favourited}`);
}

async function stepMastoTimelines() {
  const posted = [];
  for (let i = 0; i < 5; i++) {
    posted.push((await ctx.masto.v1.statuses.create({ status: `masto.js paging ${i}` })).id);
  }
  const pages = [];
  for await (const page of ctx.masto.v1.timelines.home.list({ limit: 2 })) {
    pages.push(ids(page));
    if (pages.length === 3) {
      break;
    }
  }
  check(pages.length === 3, `the home paginator gave ${pages.length} pages, want 3`);
  check(show(pages[0]) === show([posted[4], posted[3]]) && show(pages[1]) === show([posted[2], posted[1]]) && pages[2][0] === posted[0],
    `home pages ${show(pages)}, want the five new posts two by two from ${show(posted.slice().reverse())}`);
  const seen = [];
  for await (const page of ctx.masto.v1.timelines.public.list({ local: true, limit: 3 })) {
    seen.push(...ids(page));
  }
  check(posted.every((id) => seen.includes(id)) && new Set(seen).size === seen.length,
    `paging the local timeline to its end gave ${seen.length} statuses (${new Set(seen).size} distinct), lacking some of ${show(posted)}`);
  const older = await ctx.masto.v1.timelines.home.list({ limit: 2, maxId: posted[2] });
  check(show(ids(older)) === show([posted[1], posted[0]]), `home with maxId ${show(ids(older))}`);
}

async function stepMastoNotifications() {
  const favs = await ctx.masto.v1.notifications.list({ types: ["favourite"] });
  check(favs.length > 0 && favs.every((n) => n.type === "favourite"), `types [favourite] gave ${show(favs.map((n) => n.type))}`);
  const rest = await ctx.masto.v1.notifications.list({ excludeTypes: ["favourite"] });
  check(rest.length > 0 && rest.every((n) => n.type !== "favourite"), `excludeTypes [favourite] gave ${show(rest.map((n) => n.type))}`);
  // Paging through the filtered list: the Link header's next keeps types[].
  const paged = [];
  for await (const page of ctx.masto.v1.notifications.list({ types: ["favourite", "reblog"], limit: 1 })) {
    paged.push(...page.map((n) => n.type));
  }
  check(paged.length >= 2 && paged.every((t) => t === "favourite" || t === "reblog"), `paging types [favourite, reblog] one by one gave ${show(paged)}`);
  const follows = await ctx.masto.v1.notifications.list({ types: ["follow"], limit: 1 });
  check(follows.length === 1 && follows[0].account.id === ctx.aliceId, `types [follow] gave ${show(follows.map((n) => n.account.username))}`);
}

async function stepMastoSearch() {
  const res = await ctx.masto.v2.search.list({ q: "alice", type: "accounts" });
  check(show(res.accounts.map((a) => a.username)) === show(["alice"]), `accounts for "alice": ${show(res.accounts.map((a) => a.username))}`);
  const st = await ctx.masto.v2.search.list({ q: "Hello from masto.js", type: "statuses" });
  check(show(ids(st.statuses)) === show([ctx.mastoPost]), `statuses for "Hello from masto.js": ${show(ids(st.statuses))}`);
}

async function stepMastoLists() {
  // Alice's block in the block step ended Bob's follow; only those followed may be
  // on a list, as in Mastodon.
  const rel = await ctx.masto.v1.accounts.$select(ctx.aliceId).follow();
  check(rel.following, `accounts.$select().follow answered ${show(rel)}`);
  const list = await ctx.masto.v1.lists.create({ title: "friends" });
  check(list.title === "friends", `lists.create answered ${show(list)}`);
  await ctx.masto.v1.lists.$select(list.id).accounts.create({ accountIds: [ctx.aliceId] });
  const members = await ctx.masto.v1.lists.$select(list.id).accounts.list();
  check(show(members.map((a) => a.username)) === show(["alice"]), `list members ${show(members.map((a) => a.username))}`);
  const all = await ctx.masto.v1.lists.list();
  check(all.some((l) => l.id === list.id), `lists.list ${show(all)} lacks ${list.id}`);
  const renamed = await ctx.masto.v1.lists.$select(list.id).update({ title: "close friends" });
  check(renamed.title === "close friends", `lists update answered ${show(renamed)}`);
  const mine = (await ctx.alice.postStatus("for Bob's list")).data.id;
  const timeline = ids(await ctx.masto.v1.timelines.list.$select(list.id).list({ limit: 5 }));
  check(timeline[0] === mine, `list timeline ${show(timeline)}, want ${mine} first`);
  await ctx.masto.v1.lists.$select(list.id).accounts.remove({ accountIds: [ctx.aliceId] });
  check((await ctx.masto.v1.lists.$select(list.id).accounts.list()).length === 0, "list member still there after accounts.remove");
  await ctx.masto.v1.lists.$select(list.id).remove();
  check(!(await ctx.masto.v1.lists.list()).some((l) => l.id === list.id), "list still there after remove");
}

async function stepMastoStatuses() {
  const poll = await ctx.masto.v1.statuses.create({
    status: "masto.js poll", poll: { options: ["red", "blue"], expiresIn: 3600, hideTotals: false },
  });
  check(poll.poll && show(poll.poll.options.map((o) => o.title)) === show(["red", "blue"]), `statuses.create with a poll answered ${show(poll.poll)}`);
  const hers = (await ctx.alice.postStatus("Which, masto.js?", { poll: { options: ["one", "two", "three"], expires_in: 600, multiple: true } })).data;
  const voted = await ctx.masto.v1.polls.$select(hers.poll.id).votes.create({ choices: [0, 2] });
  check(voted.voted && show(voted.ownVotes) === show([0, 2]) && voted.votersCount === 1, `polls votes.create answered ${show(voted)}`);
  const again = await ctx.masto.v1.polls.$select(hers.poll.id).fetch();
  check(again.votesCount === 2 && show(again.options.map((o) => o.votesCount)) === show([1, 0, 1]), `polls fetch after the vote ${show(again)}`);
  const thread = await ctx.masto.v1.statuses.$select(ctx.alicePost).context.fetch();
  check(ids(thread.descendants).includes(ctx.bobReply), `context.fetch descendants ${show(ids(thread.descendants))}`);
  const when = new Date(Date.now() + 3 * 3600 * 1000).toISOString();
  const sched = await ctx.masto.v1.statuses.create({ status: "masto.js from the future", scheduledAt: when, poll: { options: ["a", "b"], expiresIn: 900 } });
  check(sched.scheduledAt && sched.params && sched.params.poll && sched.params.poll.expiresIn === 900, `scheduled statuses.create answered ${show(sched)}`);
  const listed = await ctx.masto.v1.scheduledStatuses.list();
  check(listed.some((s) => s.id === sched.id), `scheduledStatuses.list ${show(ids(listed))} lacks ${sched.id}`);
  await ctx.masto.v1.scheduledStatuses.$select(sched.id).remove();
  const rels = await ctx.masto.v1.accounts.relationships.fetch({ id: [ctx.aliceId] });
  check(rels.length === 1 && rels[0].id === ctx.aliceId && rels[0].following, `relationships.fetch answered ${show(rels)}`);
  const seen = [];
  for await (const page of ctx.masto.v1.accounts.$select(ctx.aliceId).statuses.list({ limit: 4 })) {
    seen.push(...ids(page));
  }
  check(seen.includes(ctx.alicePost) && new Set(seen).size === seen.length, `paging Alice's statuses gave ${seen.length} (${new Set(seen).size} distinct)`);
}

async function stepMastoGrouped() {
  const res = await ctx.masto.v2.notifications.list({ limit: 10 });
  check(Array.isArray(res.notificationGroups) && res.notificationGroups.length > 0, `v2 notifications answered ${show(res)}`);
  const accounts = new Set(res.accounts.map((a) => a.id));
  for (const g of res.notificationGroups) {
    check(g.sampleAccountIds.every((id) => accounts.has(id)), `group ${g.groupKey} names accounts not in accounts: ${show(g.sampleAccountIds)}`);
  }
  const favs = await ctx.masto.v2.notifications.list({ types: ["favourite"] });
  check(favs.notificationGroups.every((g) => g.type === "favourite"), `v2 types [favourite] gave ${show(favs.notificationGroups.map((g) => g.type))}`);
  const count = await ctx.masto.v2.notifications.unreadCount.fetch();
  check(typeof count.count === "number", `unreadCount.fetch answered ${show(count)}`);
}

const STEPS = [
  ["detector", stepDetector],
  ["signin", stepSignin],
  ["oauth", stepOAuth],
  ["follow", stepFollow],
  ["post", stepPost],
  ["reply", stepReply],
  ["favourite", stepFavourite],
  ["boost", stepBoost],
  ["bookmark", stepBookmark],
  ["timelines", stepTimelines],
  ["notifications", stepNotifications],
  ["search", stepSearch],
  ["unfollow", stepUnfollow],
  ["block", stepBlock],
  ["edit", stepEdit],
  ["poll", stepPoll],
  ["schedule", stepSchedule],
  ["accounts", stepAccounts],
  ["misc", stepMisc],
  ["masto-instance", stepMastoInstance],
  ["masto-signin", stepMastoSignin],
  ["masto-post", stepMastoPost],
  ["masto-timelines", stepMastoTimelines],
  ["masto-notifications", stepMastoNotifications],
  ["masto-search", stepMastoSearch],
  ["masto-lists", stepMastoLists],
  ["masto-statuses", stepMastoStatuses],
  ["masto-grouped", stepMastoGrouped],
];

// why describes a failure: a check's text, or an HTTP error with the answer's
// status and body (megalodon's axios errors and masto.js's MastoHttpError), or
// the stack of anything else.
function why(e) {
  if (e instanceof StepFailed) {
    return e.message;
  }
  if (e && e.response && e.response.status) {
    return `HTTP ${e.response.status} ${e.config && e.config.method} ${e.config && e.config.url}: ${show(e.response.data)}`;
  }
  if (e && e.statusCode) {
    return `HTTP ${e.statusCode}: ${e.message} ${show(e.additionalProperties || e.details || "")}`;
  }
  return (e && e.stack) || String(e);
}

async function main() {
  let failed = 0;
  for (const [name, fn] of STEPS) {
    const start = performance.now();
    try {
      await fn();
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${why(e).trim().replace(/\n/g, "\n    ")}`);
      if (name === "signin") {
        break;
      }
      continue;
    }
    console.log(`ok ${name} (${((performance.now() - start) / 1000).toFixed(2)}s)`);
  }
  console.log("done");
  return failed ? 1 : 0;
}

process.exitCode = await main();
