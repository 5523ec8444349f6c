#!/usr/bin/env python3
"""Relays one TCP client at a time to a server and keeps every exchange, for the upgrade
fixtures (scripts/make-upgrade-fixtures.sh): request-<n>.http and answer-<n>.http, the
bytes as they crossed, one HTTP request and its answer per connection (Halamj's node
opens a connection per request).
    python3 scripts/record-exchanges.py <listen-port-file> <server-port> <out-folder>
Prints nothing; writes the port it listens on into <listen-port-file>."""
import os, socket, sys, threading

def main():
    port_file, server_port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    with open(port_file, "w") as f:
        f.write(str(listener.getsockname()[1]))
    count = 0
    while True:
        client, _ = listener.accept()
        count += 1
        server = socket.create_connection(("127.0.0.1", server_port))
        request, answer = bytearray(), bytearray()
        def pump(src, dst, into):
            while True:
                data = src.recv(65536)
                if not data:
                    try: dst.shutdown(socket.SHUT_WR)
                    except OSError: pass
                    return
                into.extend(data)
                dst.sendall(data)
        up = threading.Thread(target=pump, args=(client, server, request))
        up.start()
        pump(server, client, answer)
        up.join(timeout=5)
        client.close(); server.close()
        for name, data in (("request", request), ("answer", answer)):
            with open(os.path.join(out, "%s-%02d.http" % (name, count)), "wb") as f:
                f.write(data)

main()
