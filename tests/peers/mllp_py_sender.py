#!/usr/bin/python3
"""MLLP sender test peer built on python3-hl7's asyncio client (hl7.mllp.open_hl7_connection).

  /usr/bin/python3 mllp_py_sender.py --port P [--host 127.0.0.1] [--count N] [--connections C]
        [--obx K] [--template FILE] [--timeout S] [--encoding utf-8] [--summary]
        [--slow SECONDS] [--cut BYTES]

Sends N messages one after the other on each of C connections (connections run concurrently), waiting for each
ACK before the next message, and prints one JSON document on stdout:
  {"sent": .., "elapsedSeconds": .., "perSecond": .., "acks": [{"connection": c, "controlId": .., "msa1": .., "msa2": ..}, ...]}
--summary leaves out the per-message list (for benchmarks).
Messages: an ORU^R01 with K OBX segments (default 25), or --template FILE whose text contains {ID} where MSH-10 goes
(segments separated by CR or LF). MSH-10 is "PY<connection>-<index>".
--slow S : write each framed message one byte at a time (drain after each byte, pause S seconds between bytes),
           through the python3-hl7 stream writer, instead of writemessage(); the ACK is still read with readmessage().
--cut N  : write only the first N bytes of the first framed message, then close the connection (a sender that
           disconnects mid-frame); the JSON then has "sent": 0 and "cut": N.
"""
import argparse
import asyncio
import json
import sys
import time

import hl7
from hl7.mllp import open_hl7_connection
from hl7.mllp.streams import CARRIAGE_RETURN, END_BLOCK, START_BLOCK


def default_template(obx):
    segments = [
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|{ID}|P|2.5.1|||AL|NE||UNICODE UTF-8",
        "PID|1||PAT0001^^^HOSP^MR||Doe^Jane||19800101|F",
        "OBR|1||SPEC0001|57021-8^CBC W Auto Differential panel - Blood^LN|||20260115075500",
    ]
    for i in range(1, obx + 1):
        segments.append("OBX|%d|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN||%d.%d|10*3/uL|4.0-10.0|N|||F" % (i, 5 + i % 5, i % 10))
    return "\r".join(segments)


async def run_connection(args, template, conn, results):
    reader, writer = await open_hl7_connection(args.host, args.port, encoding=args.encoding)
    try:
        for i in range(args.count):
            control_id = "PY%d-%d" % (conn, i + 1)
            message = hl7.parse(template.replace("{ID}", control_id))
            if args.cut or args.slow:
                framed = START_BLOCK + str(message).encode(args.encoding) + END_BLOCK + CARRIAGE_RETURN
                if args.cut:
                    writer.write(framed[: args.cut])
                    await writer.drain()
                    return
                for b in framed:
                    writer.write(bytes([b]))
                    await writer.drain()
                    await asyncio.sleep(args.slow)
            else:
                writer.writemessage(message)
                await writer.drain()
            ack = await asyncio.wait_for(reader.readmessage(), timeout=args.timeout)
            msa = ack.segment("MSA")
            results.append({"connection": conn, "controlId": control_id, "msa1": str(msa(1)), "msa2": str(msa(2))})
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except Exception:  # noqa: the receiver may already have closed
            pass


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--connections", type=int, default=1)
    ap.add_argument("--obx", type=int, default=25)
    ap.add_argument("--template", default="")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--slow", type=float, default=0.0)
    ap.add_argument("--cut", type=int, default=0)
    args = ap.parse_args()
    if args.template:
        with open(args.template, encoding="utf-8") as f:
            template = f.read().replace("\r\n", "\r").replace("\n", "\r").rstrip("\r")
    else:
        template = default_template(args.obx)
    results = []
    started = time.perf_counter()
    await asyncio.gather(*(run_connection(args, template, c + 1, results) for c in range(args.connections)))
    elapsed = time.perf_counter() - started
    out = {"sent": len(results), "elapsedSeconds": elapsed, "perSecond": len(results) / elapsed if elapsed > 0 else 0}
    if args.cut:
        out["cut"] = args.cut
    if not args.summary:
        out["acks"] = results
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    asyncio.run(main())
