using System.Buffers.Binary;
using System.Text;
using static ExerciseFunctions.Modelling.Checkpoints.SsTableFormat;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>
/// Writes a LevelDB-format table from keys in ascending byte order: data blocks of about
/// <paramref name="blockSize"/> bytes with a restart point every <paramref name="restartInterval"/> entries.
/// </summary>
internal sealed class SsTableWriter(Stream output, int blockSize = 4096, int restartInterval = 16)
{
    private readonly BlockBuilder dataBlock = new(restartInterval);
    private readonly BlockBuilder indexBlock = new(1);
    private byte[]? lastKey;

    public void Add(string key, byte[] value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        if (lastKey is not null && keyBytes.AsSpan().SequenceCompareTo(lastKey) <= 0)
        {
            throw new ArgumentException($"Table keys must be added in ascending order: '{key}'.", nameof(key));
        }
        dataBlock.Add(keyBytes, value);
        lastKey = keyBytes;
        if (dataBlock.EstimatedSize >= blockSize)
        {
            FlushDataBlock();
        }
    }

    public void Finish()
    {
        FlushDataBlock();
        var metaIndex = WriteBlock(new BlockBuilder(1));
        var index = WriteBlock(indexBlock);
        var footer = new MemoryStream();
        WriteHandle(footer, metaIndex);
        WriteHandle(footer, index);
        footer.SetLength(FooterLength - sizeof(ulong));
        footer.Position = footer.Length;
        footer.Write(BitConverter.GetBytes(Magic));
        output.Write(footer.ToArray());
    }

    private void FlushDataBlock()
    {
        if (dataBlock.IsEmpty)
        {
            return;
        }
        var handle = WriteBlock(dataBlock);
        // The last key of the block separates it from the next one: every key in it is <= that key.
        var handleBytes = new MemoryStream();
        WriteHandle(handleBytes, handle);
        indexBlock.Add(lastKey!, handleBytes.ToArray());
    }

    private BlockHandle WriteBlock(BlockBuilder block)
    {
        var contents = block.Finish();
        var handle = new BlockHandle((ulong)output.Position, (ulong)contents.Length);
        var trailer = new byte[BlockTrailerLength];
        trailer[0] = NoCompression;
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(1), Crc32C.Mask(Crc32C.Extend(Crc32C.Compute(contents), trailer.AsSpan(0, 1))));
        output.Write(contents);
        output.Write(trailer);
        return handle;
    }

    private sealed class BlockBuilder(int restartInterval)
    {
        private MemoryStream buffer = new();
        private List<uint> restarts = [0];
        private byte[] previousKey = [];
        private int sinceRestart;

        public bool IsEmpty => buffer.Length == 0;

        public long EstimatedSize => buffer.Length + sizeof(uint) * (restarts.Count + 1);

        public void Add(byte[] key, byte[] value)
        {
            var shared = 0;
            if (sinceRestart == restartInterval)
            {
                restarts.Add((uint)buffer.Length);
                sinceRestart = 0;
            }
            else
            {
                shared = key.AsSpan().CommonPrefixLength(previousKey);
            }
            WriteVarint(buffer, (ulong)shared);
            WriteVarint(buffer, (ulong)(key.Length - shared));
            WriteVarint(buffer, (ulong)value.Length);
            buffer.Write(key, shared, key.Length - shared);
            buffer.Write(value);
            previousKey = key;
            sinceRestart++;
        }

        /// <summary>The block's bytes (entries, restart offsets, restart count); the builder starts over.</summary>
        public byte[] Finish()
        {
            foreach (var restart in restarts)
            {
                buffer.Write(BitConverter.GetBytes(restart));
            }
            buffer.Write(BitConverter.GetBytes((uint)restarts.Count));
            var contents = buffer.ToArray();
            (buffer, restarts, previousKey, sinceRestart) = (new MemoryStream(), [0], [], 0);
            return contents;
        }
    }
}
