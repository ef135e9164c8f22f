#!/usr/bin/env python3
"""Serves a folder over HTTP with the MIME types a wasm app needs.

Usage: serve.py DIR [--host 127.0.0.1] [--port 8080]. Port 0 picks a free port. The first
line printed is the URL, so scripts and tests can read it.
"""
import argparse
import functools
import http.server
import sys

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".pcap": "application/vnd.tcpdump.pcap",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, fmt, *args):  # keep test output quiet; errors still print
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            super().log_message(fmt, *args)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    a = p.parse_args()
    handler = functools.partial(Handler, directory=a.dir)
    try:
        server = http.server.ThreadingHTTPServer((a.host, a.port), handler)
    except OSError as e:
        sys.exit(f"cannot listen on {a.host}:{a.port}: {e}")
    print(f"Sockscope is at http://{a.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
