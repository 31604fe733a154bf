#!/usr/bin/python3
"""A TensorFlow V2 checkpoint (tensor bundle) built byte by byte from the format's specification, with no TensorFlow
and none of the project's code: the reader's tests take it as a checkpoint written by someone else.

  prefix.index                   a LevelDB table (table_format.md: prefix-compressed data blocks with restart points,
                                 an empty meta-index block, an index block of block handles, a 48-byte footer; every
                                 block followed by its type byte and masked CRC32C) of key -> serialised proto:
                                 "" -> BundleHeaderProto, tensor name -> BundleEntryProto (dtype, shape, shard_id,
                                 offset, size, masked CRC32C of the bytes)
  prefix.data-00000-of-00001     the tensors' little-endian bytes, placed in reverse name order (offsets are explicit)

Every element differs from every other; the kernel's elements encode their own coordinates, so any wrong axis order
or offset shows. Values (the tests recompute them from these formulas):
  Spec/kernel/w  float32 [t=2, h=3, w=4, in=5, out=6]: 10000 t + 1000 h + 100 w + 10 in + out + 0.25
  Spec/bias      float32 [6]:  -0.5 (k + 1)
  Spec/matrix    float32 [3, 7]: -(100 r + c) - 0.125
  Spec/scalar    float32 scalar: 3.75
  Spec/layer_NN/beta (NN = 00..11) float32 [NN + 1]: 1000 NN + j + 0.5
  Spec/global_step int64 scalar: 123456789

Run: /usr/bin/python3 tools/reference/tensor_bundle_reference.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "ExerciseFunctions.Modelling.Tests", "Checkpoints", "Reference")
PREFIX = "spec.ckpt"
BLOCK_SIZE = 96        # small, so the table has several data blocks and the index several handles
RESTART_INTERVAL = 3   # keys between restart points (full keys); the others share a prefix with the key before
DT_FLOAT, DT_INT64 = 1, 9
TABLE_MAGIC = 0xDB4775248B80FB57


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value) if value else b""  # proto3 leaves zero scalars out


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_fixed32(number, value):
    return varint(number << 3 | 5) + struct.pack("<I", value)


def shape_proto(shape):
    return b"".join(field_bytes(2, field_varint(1, size)) for size in shape)  # TensorShapeProto.dim { size }


def entry_proto(dtype, shape, offset, data):
    return (field_varint(1, dtype) + field_bytes(2, shape_proto(shape)) + field_varint(4, offset)
            + field_varint(5, len(data)) + field_fixed32(6, masked(crc32c(data))))


def header_proto():
    return field_varint(1, 1) + field_bytes(3, field_varint(1, 1))  # num_shards 1, LITTLE, version { producer 1 }


def tensors():
    kernel = [10000 * t + 1000 * h + 100 * w + 10 * i + o + 0.25
              for t in range(2) for h in range(3) for w in range(4) for i in range(5) for o in range(6)]
    items = {
        "Spec/kernel/w": (DT_FLOAT, [2, 3, 4, 5, 6], struct.pack(f"<{len(kernel)}f", *kernel)),
        "Spec/bias": (DT_FLOAT, [6], struct.pack("<6f", *[-0.5 * (k + 1) for k in range(6)])),
        "Spec/matrix": (DT_FLOAT, [3, 7], struct.pack("<21f", *[-(100 * r + c) - 0.125 for r in range(3) for c in range(7)])),
        "Spec/scalar": (DT_FLOAT, [], struct.pack("<f", 3.75)),
        "Spec/global_step": (DT_INT64, [], struct.pack("<q", 123456789)),
    }
    for n in range(12):
        items[f"Spec/layer_{n:02d}/beta"] = (DT_FLOAT, [n + 1], struct.pack(f"<{n + 1}f", *[1000 * n + j + 0.5 for j in range(n + 1)]))
    return items


class Block:
    def __init__(self, restart_interval):
        self.buffer, self.restarts, self.count, self.last = bytearray(), [0], 0, b""
        self.restart_interval = restart_interval

    def add(self, key, value):
        shared = 0
        if self.count % self.restart_interval == 0:
            if self.count:
                self.restarts.append(len(self.buffer))
        else:
            while shared < min(len(key), len(self.last)) and key[shared] == self.last[shared]:
                shared += 1
        self.buffer += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        self.last, self.count = key, self.count + 1

    def size(self):
        return len(self.buffer) + 4 * (len(self.restarts) + 1)

    def finish(self):
        return bytes(self.buffer) + b"".join(struct.pack("<I", r) for r in self.restarts) + struct.pack("<I", len(self.restarts))


def write_block(table, contents):
    """Appends the block and its trailer (type 0 = uncompressed, masked CRC32C of contents + type); returns its handle."""
    handle = varint(len(table)) + varint(len(contents))
    table += contents + b"\x00" + struct.pack("<I", masked(crc32c(contents + b"\x00")))
    return handle


def table(entries):
    out, index = bytearray(), Block(restart_interval=1)
    block = Block(RESTART_INTERVAL)
    for key, value in entries:
        block.add(key, value)
        if block.size() >= BLOCK_SIZE:
            index.add(block.last, write_block(out, block.finish()))  # the block's last key separates it from the next
            block = Block(RESTART_INTERVAL)
    if block.count:
        index.add(block.last, write_block(out, block.finish()))
    meta_index = write_block(out, Block(1).finish())
    index_handle = write_block(out, index.finish())
    footer = meta_index + index_handle
    out += footer + b"\x00" * (40 - len(footer)) + struct.pack("<Q", TABLE_MAGIC)
    return bytes(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    items = tensors()
    data, offsets = bytearray(), {}
    for name in sorted(items, reverse=True):
        offsets[name] = len(data)
        data += items[name][2]
    entries = [(b"", header_proto())] + [
        (name.encode(), entry_proto(items[name][0], items[name][1], offsets[name], items[name][2])) for name in sorted(items)]
    index = table(entries)
    with open(os.path.join(OUT, PREFIX + ".index"), "wb") as f:
        f.write(index)
    with open(os.path.join(OUT, PREFIX + ".data-00000-of-00001"), "wb") as f:
        f.write(data)
    print(f"{len(items)} tensors, index {len(index)} bytes, data {len(data)} bytes")


if __name__ == "__main__":
    assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    main()
