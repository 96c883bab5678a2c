"""JSON documents: the converter, the wire format, schemas and conformance vectors."""
