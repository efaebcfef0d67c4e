"""A tiny SMTP server for tests: every message received is parsed and written to the output folder as JSON.

Run with Debian's /usr/bin/python3 and python3-aiosmtpd:
    smtp_sink.py --port 2525 --out /tmp/inbox
Prints READY once listening; stops when stdin closes or the process is killed.
"""
import argparse
import base64
import email
import json
import os
import sys
import uuid
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=policy.default)
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "messageId": message["message-id"],
            "text": None,
            "html": None,
            "attachments": [],
        }
        for part in message.walk():
            if part.is_multipart():
                continue
            content_type = part.get_content_type()
            if part.get_content_disposition() == "attachment":
                record["attachments"].append({
                    "fileName": part.get_filename(),
                    "contentType": content_type,
                    "base64": base64.b64encode(part.get_payload(decode=True)).decode("ascii"),
                })
            elif content_type == "text/plain" and record["text"] is None:
                record["text"] = part.get_content()
            elif content_type == "text/html" and record["html"] is None:
                record["html"] = part.get_content()
        name = os.path.join(self.out, uuid.uuid4().hex)
        with open(name + ".eml", "wb") as raw_file:
            raw_file.write(raw)
        with open(name + ".tmp", "w", encoding="utf-8") as json_file:
            json.dump(record, json_file)
        os.replace(name + ".tmp", name + ".json")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    controller = Controller(Sink(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("READY", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
