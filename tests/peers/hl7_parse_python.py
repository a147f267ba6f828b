#!/usr/bin/python3
"""Reads one HL7 v2 message from standard input (UTF-8) with python3-hl7 (hl7.parse) and prints, as JSON, the
fields the Hl7Mapping tests compare: MSH-9/10, PID-3, every OBX-1/2/3/5/6/7/8/11, NTE-3, MSA-1/2/3 and ERR-2/3/4.
Values are unescaped by python3-hl7; components are lists, sub-components lists inside them."""
import json
import sys

import hl7


def parts(message, value):
    """A python3-hl7 container (field repetition / component) -> unescaped strings, keeping the structure."""
    if isinstance(value, str):
        return message.unescape(value)
    return [parts(message, v) for v in value]


def field(message, segment, number):
    """The first repetition of a field as a list of components; each component a string or a list of sub-components."""
    if len(segment) <= number:
        return []
    f = segment[number]
    if len(f) == 0:
        return []
    first = f[0]
    if isinstance(first, str):
        return [message.unescape(first)] if first != "" else []
    result = []
    for component in first:
        if isinstance(component, str):
            result.append(message.unescape(component))
        elif len(component) == 1:
            result.append(message.unescape(component[0]))
        else:
            result.append([message.unescape(s) for s in component])
    return result


def flat(components):
    if len(components) == 0:
        return ""
    return components[0] if len(components) == 1 and isinstance(components[0], str) else components


def main():
    text = sys.stdin.buffer.read().decode("utf-8")
    message = hl7.parse(text)
    out = {
        "peer": "python3-hl7",
        "messageType": field(message, message.segment("MSH"), 9),
        "controlId": message["MSH.F10"],
        "segments": [str(s[0]) for s in message],
    }
    try:
        pid = message.segment("PID")
        out["patientId"] = field(message, pid, 3)
    except KeyError:
        out["patientId"] = None
    observations = []
    try:
        obx_segments = message.segments("OBX")
    except KeyError:
        obx_segments = []
    for s in obx_segments:
        observations.append({
            "setId": flat(field(message, s, 1)),
            "type": flat(field(message, s, 2)),
            "code": field(message, s, 3),
            "value": field(message, s, 5),
            "units": field(message, s, 6),
            "range": flat(field(message, s, 7)),
            "flags": flat(field(message, s, 8)),
            "status": flat(field(message, s, 11)),
        })
    out["observations"] = observations
    try:
        out["notes"] = [flat(field(message, s, 3)) for s in message.segments("NTE")]
    except KeyError:
        out["notes"] = []
    try:
        msa = message.segment("MSA")
        out["ack"] = {"code": flat(field(message, msa, 1)), "controlId": flat(field(message, msa, 2)), "text": flat(field(message, msa, 3))}
    except KeyError:
        out["ack"] = None
    try:
        out["errors"] = [{"location": field(message, s, 2), "code": field(message, s, 3), "severity": flat(field(message, s, 4))} for s in message.segments("ERR")]
    except KeyError:
        out["errors"] = []
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
