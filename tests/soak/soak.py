#!/usr/bin/env python3
"""OmsFlow soak test: orders through the reference flow while server processes and the SMTP server are killed.

Runs on loopback only, bounded in time (--minutes, plus a bounded wait for quiescence) and count (--orders):
  1. starts PostgreSQL (--provider postgres: initdb/pg_ctl in a temp folder, as user postgres when run as root),
     K OmsFlow.Server processes with the warehouse simulator on, a real SMTP server (aiosmtpd) and a webhook receiver;
  2. submits the orders through POST /hooks/orders (round robin over the live processes, Idempotency-Key = order id)
     while, at random intervals, it SIGKILLs a server process or the SMTP server and starts it again;
  3. stops the chaos, waits until nothing moves, and checks the invariants: every order reached a terminal state
     (none lost or stuck), one confirmation email and one invoice per order (SMTP messages counted by Message-Id),
     no webhook event delivered under two ids, inventory reserved == open demand per node and SKU, no open incident.
Prints a summary and exits 1 on any violation (2 on a set-up failure). See tests/soak/soak.sh for building first.
"""
import argparse
import json
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
from collections import Counter, defaultdict

from harness import (ADMIN_KEY, SECRET_KEY, SMTP_SINK, TERMINAL, Managed, Postgres, SetupError, Sqlite, WebhookReceiver, copy_definitions,
                     free_port, http_json, log, ready)


def message_id(outbox_id):
    """The Message-ID the server gives an email (EmailOutboxTransport.MessageId)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-._" else "." for c in outbox_id) + "@omsflow"


class Soak:
    def __init__(self, args):
        self.args = args
        self.folder = tempfile.mkdtemp(prefix="omsflow-soak-")
        self.inbox = os.path.join(self.folder, "inbox")
        self.db = Postgres() if args.provider == "postgres" else Sqlite(self.folder)
        self.smtp_port = free_port()
        self.webhooks = WebhookReceiver()
        self.servers = []
        self.smtp = None
        self.submitted = []
        self.submit_failures = Counter()
        self.events = Counter()
        self.rng = random.Random(args.seed)

    def server(self, index):
        port = free_port()
        settings = [
            "--urls", f"http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning",
            f"--Auth:BootstrapAdminKey={ADMIN_KEY}", f"--Auth:SecretKey={SECRET_KEY}",
            "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000",
            f"--Storage:Provider={'Postgres' if self.args.provider == 'postgres' else 'Sqlite'}",
            f"--Storage:ConnectionString={self.db.connection_string}", "--Storage:LeaseDuration=00:00:05",
            f"--Definitions:Path={os.path.join(self.folder, 'definitions')}",
            "--Engine:TimerPollInterval=00:00:00.200",
            "--Simulator:Enabled=true", "--Simulator:ShipAfter=00:00:01", "--Simulator:DeliverAfter=00:00:01",
            "--Email:Smtp:Host=127.0.0.1", f"--Email:Smtp:Port={self.smtp_port}", "--Email:Smtp:EnableTls=false",
            "--Email:From=shop@northwind.example",
            # The SMTP server is down for seconds at a time: retry soon, and never give a message up during the run.
            "--Outbox:PollInterval=00:00:00.200", "--Outbox:FirstRetryDelay=00:00:00.500", "--Outbox:MaxDelay=00:00:02",
            "--Outbox:MaxAttempts=100000",
        ]
        folder = os.path.join(self.folder, f"server{index}")
        os.makedirs(folder)
        managed = Managed(f"server{index}", ["dotnet", self.args.server_dll, *settings], folder, os.path.join(folder, "server.log"), lambda: ready(port))
        managed.port = port
        return managed

    def start(self):
        copy_definitions(os.path.join(self.folder, "definitions"))
        if isinstance(self.db, Postgres):
            log(f"starting PostgreSQL on 127.0.0.1:{self.db.port}")
            self.db.start()
        self.smtp = Managed("smtp", ["/usr/bin/python3", SMTP_SINK, "--port", str(self.smtp_port), "--out", self.inbox], self.folder,
                            os.path.join(self.folder, "smtp.log"), lambda: self._smtp_ready())
        self.smtp.start()
        count = self.args.processes
        log(f"starting {count} server process(es) on {self.args.provider}")
        self.servers = [self.server(i) for i in range(count)]
        # The first process migrates and seeds; the others start on the prepared database.
        self.servers[0].start()
        threads = [threading.Thread(target=s.start) for s in self.servers[1:]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if not all(s.alive for s in self.servers):
            raise SetupError("a server process did not start")
        status, body = http_json(self.servers[0].port, "POST", "/api/webhooks/subscriptions",
                                 {"url": self.webhooks.url, "eventTypes": ["*"], "description": "soak receiver"})
        if status != 201:
            raise SetupError(f"webhook subscription failed: {status} {body[:300]!r}")
        status, body = http_json(self.servers[0].port, "GET", "/api/orders/samples?tag=normal")
        if status != 200:
            raise SetupError(f"no sample orders: {status}")
        # Everyday orders; the ones that stop for a person (staff discount, credit hold) are decided by review_tasks.
        samples = [s["order"] for s in json.loads(body)["items"] if s["tags"] == ["normal"]]
        if not samples:
            raise SetupError(f"no sample orders: {status}")
        self.samples = samples

    def _smtp_ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.smtp_port), timeout=1):
                return True
        except OSError:
            return False

    def order(self, index):
        order = json.loads(json.dumps(self.samples[index % len(self.samples)]))
        order_id = f"SOAK-{index:06d}"
        order["id"] = order_id
        order["externalId"] = f"EXT-{order_id}"
        order["payment"]["authorizationId"] = f"AUTH-{order_id}"
        return order_id, order

    def submit(self, index):
        order_id, order = self.order(index)
        # A process killed mid-request leaves its Idempotency-Key in flight (409) until the key's lease runs out (3 min).
        deadline = time.monotonic() + 300
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            live = [s for s in self.servers if s.alive]
            target = live[(index + attempt) % len(live)] if live else None
            if target is not None:
                try:
                    status, body = http_json(target.port, "POST", "/hooks/orders", order, {"Idempotency-Key": order_id}, timeout=15)
                    if status in (200, 202):
                        self.submitted.append(order_id)
                        return
                    if status < 500 and status not in (408, 409, 429):
                        self.submit_failures[f"{status} {body[:200]!r}"] += 1
                        return
                except (OSError, urllib.error.URLError):
                    pass  # The process was killed mid-request: the same key makes the retry safe.
            time.sleep(0.5)
        self.submit_failures["no server took the order within 5 minutes"] += 1

    def run(self):
        duration = self.args.minutes * 60
        started = time.monotonic()
        submitting = duration * 0.6
        total = self.args.orders
        next_chaos = started + self.rng.uniform(3, 8)
        next_review = started
        pool = []
        index = 0
        while time.monotonic() - started < duration:
            now = time.monotonic()
            due = min(total, int(total * (now - started) / submitting) + 1)
            while index < due:
                thread = threading.Thread(target=self.submit, args=(index,))
                thread.start()
                pool.append(thread)
                index += 1
            if now >= next_review:
                self.review_tasks()
                next_review = time.monotonic() + 2
            if now >= next_chaos:
                self.chaos()
                next_chaos = time.monotonic() + self.rng.uniform(2, 8)
            time.sleep(0.05)
        while index < total:
            self.submit(index)
            index += 1
        for thread in pool:
            thread.join()
        log(f"chaos over after {time.monotonic() - started:.0f} s; {len(self.submitted)} orders submitted")

    def chaos(self):
        victims = self.servers + [self.smtp]
        victim = self.rng.choice(victims)
        victim.kill()
        self.events[f"kill {victim.name}"] += 1
        log(f"SIGKILL {victim.name}")
        time.sleep(self.rng.uniform(0.5, 3))
        victim.start()
        log(f"restarted {victim.name}")

    def review_tasks(self):
        """Plays the approver and the risk team: every open human task is approved or its holds released."""
        live = [s for s in self.servers if s.alive]
        if not live:
            return
        try:
            status, body = http_json(live[0].port, "GET", "/api/tasks", timeout=10)
            if status != 200:
                return
            for task in json.loads(body)["items"]:
                outcomes = [str(o) for o in task.get("outcomes") or []]
                outcome = next((o for o in ("approve", "release") if o in outcomes), outcomes[0] if outcomes else "approve")
                status, _ = http_json(live[0].port, "POST", f"/api/tasks/{task['id']}/complete", {"outcome": outcome, "comment": "soak"}, timeout=10)
                if status == 200:
                    self.events[f"task {outcome}"] += 1
        except (OSError, urllib.error.URLError, ValueError):
            pass  # The process went down mid-way: the next round picks the tasks up again.

    def quiesce(self):
        """Waits (bounded) until every order is terminal and the outbox has nothing pending."""
        deadline = time.monotonic() + self.args.quiesce_seconds
        while time.monotonic() < deadline:
            open_orders = int(self.db.query(f"SELECT COUNT(*) FROM orders WHERE status NOT IN {TERMINAL}")[0][0])
            pending = int(self.db.query("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")[0][0])
            orders = int(self.db.query("SELECT COUNT(*) FROM orders WHERE id LIKE 'SOAK-%'")[0][0])
            if open_orders == 0 and pending == 0 and orders >= len(self.submitted):
                # The receiver may still be answering the last delivery.
                time.sleep(1)
                return True
            self.review_tasks()
            time.sleep(1)
        return False

    def stop(self, keep):
        for s in self.servers:
            s.stop()
        if self.smtp:
            self.smtp.stop()
        self.webhooks.server.shutdown()
        if isinstance(self.db, Postgres):
            self.db.stop(remove=not keep)

    def check(self):
        """Returns the list of violated invariants (empty when all hold) and the figures for the summary."""
        violations = []
        q = self.db.query
        submitted = set(self.submitted)
        orders = {row[0]: row[1] for row in q("SELECT id, status FROM orders WHERE id LIKE 'SOAK-%'")}
        lost = sorted(submitted - set(orders))
        stuck = sorted(o for o, status in orders.items() if status not in TERMINAL)
        if lost:
            violations.append(f"{len(lost)} submitted order(s) lost: {lost[:5]}")
        if stuck:
            violations.append(f"{len(stuck)} order(s) stuck in a non-terminal state: {[(o, orders[o]) for o in stuck[:5]]}")
        instances = defaultdict(list)
        for key, status in q("SELECT correlation_key, status FROM instances WHERE workflow_id = 'order-fulfilment' AND correlation_key LIKE 'SOAK-%'"):
            instances[key].append(status)
        for order_id in sorted(submitted):
            runs = instances.get(order_id, [])
            if runs != ["Completed"]:
                violations.append(f"order {order_id}: order-fulfilment instances {runs} (expected one, Completed)")
        incidents = q("SELECT instance_id, step, error FROM incidents WHERE resolved_at IS NULL")
        if incidents:
            violations.append(f"{len(incidents)} open incident(s): {incidents[:3]}")

        # Emails: the outbox rows say which order and topic each Message-Id belongs to; the SMTP server says what arrived.
        rows = q("SELECT id, correlation_key, topic FROM outbox WHERE channel = 'email' AND correlation_key LIKE 'SOAK-%'")
        by_message_id = {message_id(r[0]): (r[1], r[2]) for r in rows}
        queued = Counter((r[1], r[2]) for r in rows)
        received = Counter()
        for name in os.listdir(self.inbox):
            if name.endswith(".json"):
                with open(os.path.join(self.inbox, name), encoding="utf-8") as f:
                    received[json.load(f)["messageId"].strip("<>")] += 1
        unknown = [m for m in received if m not in by_message_id]
        if unknown:
            violations.append(f"{len(unknown)} email(s) received that no committed outbox message explains: {unknown[:3]}")
        distinct = Counter(by_message_id[m] for m in received if m in by_message_id)
        for order_id in sorted(o for o in submitted if orders.get(o) == "Closed"):
            if queued[(order_id, "order-confirmation")] != 1 or distinct[(order_id, "order-confirmation")] != 1:
                violations.append(f"order {order_id}: {queued[(order_id, 'order-confirmation')]} confirmation email(s) queued, "
                                  f"{distinct[(order_id, 'order-confirmation')]} distinct received (expected 1 and 1)")
        # One confirmation and one review request per order; a shipped/delivered email per shipment at most.
        shipments = {row[0]: int(row[1] or 0) for row in q(self.db.shipment_counts_sql)}
        for (order_id, topic), count in queued.items():
            allowed = max(1, shipments.get(order_id, 0)) if topic in ("shipped", "delivered") else 1
            if count > allowed:
                violations.append(f"order {order_id}: {count} '{topic}' emails queued (at most {allowed})")
        never_arrived = [k for k in by_message_id if k not in received]
        if never_arrived:
            violations.append(f"{len(never_arrived)} queued email(s) never reached the SMTP server: {never_arrived[:3]}")

        invoices = Counter(r[0] for r in q("SELECT order_id FROM invoices WHERE kind = 'invoice' AND order_id LIKE 'SOAK-%'"))
        for order_id, status in sorted(orders.items()):
            if not (invoices[order_id] == 1 if status == "Closed" else invoices[order_id] <= 1):
                violations.append(f"order {order_id} ({status}): {invoices[order_id]} invoices (expected {'1' if status == 'Closed' else 'at most 1'})")
        duplicate_numbers = q("SELECT number FROM invoices GROUP BY number HAVING COUNT(*) > 1")
        if duplicate_numbers:
            violations.append(f"invoice numbers used twice: {duplicate_numbers[:3]}")

        # Webhooks: one event (type + data) must arrive under one webhook-id; the same id arriving again is a retry.
        with self.webhooks.lock:
            deliveries = list(self.webhooks.received)
        ids_per_event = defaultdict(set)
        for webhook_id, body in deliveries:
            envelope = json.loads(body)
            ids_per_event[(envelope.get("type"), json.dumps(envelope.get("data"), sort_keys=True))].add(webhook_id)
        for (event_type, data), ids in ids_per_event.items():
            if len(ids) > 1:
                violations.append(f"webhook {event_type} delivered under {len(ids)} ids: {data[:120]}")
        webhook_ids = Counter(w for w, _ in deliveries)

        mismatched = q("SELECT i.node_id, i.sku, i.reserved, COALESCE(SUM(r.quantity), 0) FROM inventory i "
                       "LEFT JOIN reservations r ON r.node_id = i.node_id AND r.sku = i.sku AND r.status = 'active' "
                       "GROUP BY i.node_id, i.sku, i.reserved HAVING i.reserved <> COALESCE(SUM(r.quantity), 0)")
        for node, sku, reserved, demand in mismatched:
            violations.append(f"inventory {node}/{sku}: reserved {reserved} but open demand (active reservations) {demand}")
        leaked = q("SELECT r.order_id, r.sku, r.quantity FROM reservations r JOIN orders o ON o.id = r.order_id "
                   f"WHERE r.status = 'active' AND o.status IN {TERMINAL}")
        if leaked:
            violations.append(f"{len(leaked)} active reservation(s) of finished orders: {leaked[:3]}")
        negative = q("SELECT node_id, sku, on_hand FROM inventory WHERE on_hand < 0 OR reserved < 0")
        if negative:
            violations.append(f"negative stock: {negative[:3]}")

        figures = {
            "orders submitted": len(submitted),
            "submissions refused": sum(self.submit_failures.values()),
            "orders closed": sum(1 for s in orders.values() if s == "Closed"),
            "orders cancelled / rejected": f"{sum(1 for s in orders.values() if s == 'Cancelled')} / {sum(1 for s in orders.values() if s == 'Rejected')}",
            "emails queued / distinct received / redelivered": f"{len(rows)} / {len(received)} / {sum(received.values()) - len(received)}",
            "invoices": sum(invoices.values()),
            "webhooks distinct / redelivered": f"{len(webhook_ids)} / {sum(webhook_ids.values()) - len(webhook_ids)}",
            "inventory rows checked": int(q("SELECT COUNT(*) FROM inventory")[0][0]),
        }
        for reason, count in self.submit_failures.items():
            violations.append(f"{count} order(s) refused at submission: {reason}")
        return violations, figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2, help="how long orders run under chaos (default 2)")
    parser.add_argument("--orders", type=int, default=200, help="orders submitted (default 200)")
    parser.add_argument("--processes", type=int, default=None, help="server processes (default 3 on PostgreSQL, 1 on SQLite)")
    parser.add_argument("--provider", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--server-dll", required=True, help="path of the built OmsFlow.Server.dll")
    parser.add_argument("--seed", type=int, default=None, help="random seed of the chaos (default: random, printed)")
    parser.add_argument("--quiesce-seconds", type=int, default=180, help="longest wait for quiescence after the chaos (default 180)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, database, inbox)")
    args = parser.parse_args()
    args.server_dll = os.path.abspath(args.server_dll)
    if not os.path.isfile(args.server_dll):
        parser.error(f"--server-dll: {args.server_dll} does not exist (build engine/OmsFlow.Server first)")
    if args.processes is None:
        args.processes = 3 if args.provider == "postgres" else 1
    if args.provider == "sqlite" and args.processes != 1:
        parser.error("SQLite is embedded: --processes must be 1")
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    if args.minutes <= 0 or args.minutes > 240 or args.orders <= 0 or args.orders > 100_000:
        parser.error("--minutes must be in (0, 240] and --orders in [1, 100000]")

    soak = Soak(args)
    log(f"work folder {soak.folder}; seed {args.seed}; {args.orders} orders over {args.minutes} min")
    violations, figures, code = [], {}, 0
    try:
        soak.start()
        soak.run()
        for managed in soak.servers + [soak.smtp]:
            if not managed.alive:
                managed.start()
        quiet = soak.quiesce()
        violations, figures = soak.check()
        if not quiet:
            violations.insert(0, f"not quiescent within {args.quiesce_seconds} s (orders still open or outbox pending)")
        code = 1 if violations else 0
    except SetupError as error:
        violations, code = [f"set-up failed: {error}"], 2
    finally:
        soak.stop(keep=args.keep or bool(violations))
    print()
    print(f"OmsFlow soak: provider={args.provider} processes={args.processes} orders={args.orders} minutes={args.minutes} seed={args.seed}")
    for name, count in sorted(soak.events.items()):
        print(f"  {name}: {count}")
    for name, value in figures.items():
        print(f"  {name}: {value}")
    if violations:
        print(f"VIOLATIONS ({len(violations)}):")
        for v in violations[:50]:
            print(f"  - {v}")
        print(f"logs kept in {soak.folder}" + (f" and {soak.db.folder}" if isinstance(soak.db, Postgres) else ""))
    else:
        print("All invariants hold: no order lost or stuck, one confirmation email and one invoice per order, "
              "no webhook event under two ids, reserved stock equals open demand.")
        if not args.keep:
            shutil.rmtree(soak.folder, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
