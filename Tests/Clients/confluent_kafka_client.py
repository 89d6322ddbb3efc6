#!/usr/bin/env python3
"""Runs Confluent's own Python client (PyPI confluent-kafka), unchanged, against `accord serve`.

Usage:
    confluent_kafka_client.py --accord .build/debug/accord      # starts its own server
    confluent_kafka_client.py --url http://127.0.0.1:8081       # uses a running server

With --accord, the script starts `accord serve` as a subprocess on a free loopback port with a
fresh SQLite file in a temporary directory, waits until it answers, runs every check, then stops
it with SIGTERM and expects a clean exit. Every wait has a deadline, so a broken server fails the
run instead of hanging it. Exit status 0 means every check passed; any failure prints what was
expected, what came back, and the server's log.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from importlib.metadata import version as installed_version

from confluent_kafka import libversion
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from confluent_kafka.error import SerializationError

STARTUP_DEADLINE_SECONDS = 60
SHUTDOWN_DEADLINE_SECONDS = 15

# A closed model: adding an optional property is BACKWARD compatible under the default STRICT
# policy, changing a property's type is not.
ORDER_V1 = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "OrderPlaced",
    "type": "object",
    "properties": {
        "orderId": {"type": "string"},
        "amount": {"type": "integer", "minimum": 0},
    },
    "required": ["orderId", "amount"],
    "additionalProperties": False,
}
ORDER_V2 = {
    **ORDER_V1,
    "properties": {**ORDER_V1["properties"], "note": {"type": "string"}},
}
ORDER_BREAKING = {
    **ORDER_V2,
    "properties": {**ORDER_V2["properties"], "amount": {"type": "string"}},
}
PAYMENT = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "PaymentCaptured",
    "type": "object",
    "properties": {
        "paymentId": {"type": "string"},
        "cents": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["paymentId", "cents"],
}


class CheckFailed(Exception):
    pass


def check(condition, what, got=None):
    if not condition:
        raise CheckFailed(f"{what} (got {got!r})")
    print(f"  ok  {what}")


def expect_registry_error(call, status, code, what):
    try:
        result = call()
    except SchemaRegistryError as error:
        check(error.http_status_code == status, f"{what}: HTTP {status}", error.http_status_code)
        if code is not None:
            check(error.error_code == code, f"{what}: error_code {code}", error.error_code)
        check(bool(error.error_message), f"{what}: carries a message", error.error_message)
        return error
    raise CheckFailed(f"{what}: expected HTTP {status}, the call succeeded with {result!r}")


def text(document):
    return json.dumps(document)


def json_schema(document):
    return Schema(text(document), schema_type="JSON")


def run_checks(url):
    config = {"url": url}
    client = SchemaRegistryClient(config)
    subject = "orders-value"

    print("registry basics")
    check("JSON" in client.get_schema_types(), "schema types include JSON", client.get_schema_types())

    print("register and look up")
    v1_id = client.register_schema(subject, json_schema(ORDER_V1))
    check(isinstance(v1_id, int) and v1_id > 0, "register returns a positive id", v1_id)
    again = SchemaRegistryClient(config).register_schema(subject, json_schema(ORDER_V1))
    check(again == v1_id, "re-registering the same schema returns the same id", again)
    check(client.get_versions(subject) == [1], "re-registering adds no version", client.get_versions(subject))
    found = SchemaRegistryClient(config).lookup_schema(subject, json_schema(ORDER_V1))
    check(found.schema_id == v1_id, "lookup finds the id", found.schema_id)
    check(found.version == 1, "lookup finds version 1", found.version)
    check(found.subject == subject, "lookup names the subject", found.subject)
    expect_registry_error(
        lambda: client.lookup_schema(subject, json_schema(ORDER_V2)), 404, 40403, "lookup of an unregistered schema"
    )
    check(subject in client.get_subjects(), "the subject is listed", client.get_subjects())

    print("fetch by id and by version")
    by_id = SchemaRegistryClient(config).get_schema(v1_id)
    check(by_id.schema_type == "JSON", "GET by id says schemaType JSON", by_id.schema_type)
    check(json.loads(by_id.schema_str) == ORDER_V1, "GET by id returns the schema", by_id.schema_str)
    by_version = SchemaRegistryClient(config).get_version(subject, 1)
    check(by_version.schema_id == v1_id, "GET version 1 has the id", by_version.schema_id)
    check(json.loads(by_version.schema.schema_str) == ORDER_V1, "GET version 1 returns the schema", by_version)
    latest = SchemaRegistryClient(config).get_latest_version(subject)
    check(latest.version == 1 and latest.schema_id == v1_id, "GET latest is version 1", (latest.version, latest.schema_id))
    check(client.get_subjects_by_schema_id(v1_id) == [subject], "subjects of the id", client.get_subjects_by_schema_id(v1_id))
    expect_registry_error(lambda: client.get_version(subject, 7), 404, 40402, "an unknown version")
    expect_registry_error(lambda: client.get_latest_version("no-such-subject"), 404, 40401, "an unknown subject")
    expect_registry_error(lambda: SchemaRegistryClient(config).get_schema(987654), 404, 40403, "an unknown id")

    print("compatibility")
    answer = client.set_compatibility(subject, "backward_transitive")
    check(answer.get("compatibility") == "BACKWARD_TRANSITIVE", "set subject compatibility", answer)
    check(client.get_compatibility(subject) == "BACKWARD_TRANSITIVE", "read subject compatibility", client.get_compatibility(subject))
    expect_registry_error(lambda: client.set_compatibility(subject, "SIDEWAYS"), 422, 42203, "an unknown level")
    check(client.test_compatibility(subject, json_schema(ORDER_V2)) is True, "an added optional field is compatible", None)
    check(client.test_compatibility(subject, json_schema(ORDER_BREAKING)) is False, "a changed type is not", None)
    v2_id = client.register_schema(subject, json_schema(ORDER_V2))
    check(v2_id != v1_id, "a new schema gets a new id", v2_id)
    check(client.get_versions(subject) == [1, 2], "and version 2", client.get_versions(subject))
    refused = expect_registry_error(
        lambda: client.register_schema(subject, json_schema(ORDER_BREAKING)), 409, None, "an incompatible schema"
    )
    print(f"      refusal: {refused.error_message[:200]}")
    check(client.get_versions(subject) == [1, 2], "the refusal wrote nothing", client.get_versions(subject))
    client.set_compatibility(subject, "NONE")
    forced_id = client.register_schema(subject, json_schema(ORDER_BREAKING))
    check(client.get_versions(subject) == [1, 2, 3], "under NONE the same schema registers", (forced_id, client.get_versions(subject)))

    print("JSONSerializer / JSONDeserializer round trip (no broker)")
    topic = "payments"
    context = SerializationContext(topic, MessageField.VALUE)
    serializer = JSONSerializer(text(PAYMENT), SchemaRegistryClient(config))
    event = {"paymentId": "p-1", "cents": 1250, "tags": ["card", "eu"]}
    framed = serializer(event, context)
    check(framed[0] == 0, "framed with magic byte 0", framed[:1])
    framed_id = int.from_bytes(framed[1:5], "big")
    registered = client.get_latest_version(f"{topic}-value")
    check(framed_id == registered.schema_id, "the frame carries the registered id", (framed_id, registered.schema_id))
    check(json.loads(framed[5:]) == event, "the payload is the event's JSON", framed[5:])
    again = JSONSerializer(text(PAYMENT), SchemaRegistryClient(config))(event, context)
    check(again == framed, "a second serializer reuses the id", again)
    check(client.get_versions(f"{topic}-value") == [1], "the serializer registered one version", client.get_versions(f"{topic}-value"))
    decoded = JSONDeserializer(None, schema_registry_client=SchemaRegistryClient(config))(framed, context)
    check(decoded == event, "JSONDeserializer (writer schema from the registry) returns the event", decoded)
    decoded = JSONDeserializer(text(PAYMENT), schema_registry_client=SchemaRegistryClient(config))(framed, context)
    check(decoded == event, "JSONDeserializer with a reader schema returns the event", decoded)
    try:
        serializer({"paymentId": "p-2", "cents": "lots"}, context)
        raise CheckFailed("an invalid event should not serialize")
    except SerializationError as error:
        check("cents" in str(error) or "integer" in str(error), "an invalid event is refused by the serializer", str(error))
    latest_only = JSONSerializer(
        text(PAYMENT),
        SchemaRegistryClient(config),
        conf={"auto.register.schemas": False, "use.latest.version": True},
    )(event, context)
    check(latest_only == framed, "use.latest.version finds the same id", latest_only)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url, server, log_path):
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"accord serve exited with {server.returncode} before answering; log:\n{read(log_path)}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        time.sleep(0.1)
    raise CheckFailed(f"accord serve did not answer {url}/ within {STARTUP_DEADLINE_SECONDS}s; log:\n{read(log_path)}")


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()[-8000:]
    except OSError:
        return "(no log)"


def stop(server):
    if server.poll() is not None:
        return server.returncode
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=SHUTDOWN_DEADLINE_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise CheckFailed(f"accord serve ignored SIGTERM for {SHUTDOWN_DEADLINE_SECONDS}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--accord", help="path of the accord executable to start")
    where.add_argument("--url", help="base URL of a registry that is already running")
    arguments = parser.parse_args()
    print(f"confluent-kafka {installed_version('confluent-kafka')} (librdkafka {libversion()[0]})")

    if arguments.url:
        try:
            run_checks(arguments.url.rstrip("/"))
        except CheckFailed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
        print("all checks passed")
        return 0

    with tempfile.TemporaryDirectory(prefix="accord-client-") as directory:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_path = os.path.join(directory, "serve.log")
        command = [
            os.path.abspath(arguments.accord), "serve",
            "--host", "127.0.0.1", "--port", str(port),
            "--database", "sqlite:" + os.path.join(directory, "accord.db"),
        ]
        print("starting: " + " ".join(command))
        with open(log_path, "wb") as log:
            server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_until_answering(url, server, log_path)
            run_checks(url)
            status = stop(server)
            check(status == 0, "accord serve exits 0 on SIGTERM", status)
        except (CheckFailed, SchemaRegistryError, SerializationError) as failure:
            print(f"FAILED: {failure}\n--- accord serve log ---\n{read(log_path)}", file=sys.stderr)
            return 1
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        print("all checks passed")
        return 0


if __name__ == "__main__":
    sys.exit(main())
