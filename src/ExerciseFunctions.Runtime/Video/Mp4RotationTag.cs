using System.Buffers.Binary;
using System.Text;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Sets the display rotation of the video tracks of an .mp4/.mov file in place, the way phones tag portrait
/// videos they store landscape: the transformation matrix of each video track's <c>tkhd</c> box (ISO BMFF,
/// box versions 0 and 1). FFmpeg (and so OpenCV) reads it back as the clockwise rotation to apply.
/// </summary>
public static class Mp4RotationTag
{
    private const int BoxHeaderLength = 8;
    // Offset of the matrix inside tkhd's content: version/flags, then times, track id, duration, reserved fields.
    private const int MatrixOffsetVersion0 = 4 + 20 + 16;
    private const int MatrixOffsetVersion1 = 4 + 32 + 16;

    /// <summary>Tags every video track of <paramref name="path"/> with a clockwise rotation of 0, 90, 180 or 270 degrees.</summary>
    /// <exception cref="InvalidDataException">The file is not an ISO BMFF file with a video track.</exception>
    public static void Set(string path, int clockwiseDegrees)
    {
        var matrix = MatrixFor(clockwiseDegrees);
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var tagged = 0;
        foreach (var trak in ChildBoxes(file, 0, file.Length, "moov").SelectMany(moov => ChildBoxes(file, moov.ContentStart, moov.End, "trak")).ToList())
        {
            if (!IsVideoTrack(file, trak))
                continue;
            foreach (var tkhd in ChildBoxes(file, trak.ContentStart, trak.End, "tkhd").ToList())
            {
                WriteMatrix(file, tkhd, matrix);
                tagged++;
            }
        }
        if (tagged == 0)
            throw new InvalidDataException($"'{path}' has no video track header (tkhd) to tag.");
    }

    private readonly record struct Box(string Type, long ContentStart, long End);

    /// <summary>FFmpeg's convention: rotation r clockwise is the matrix [cos r, sin r; -sin r, cos r] in 16.16 fixed point.</summary>
    private static int[] MatrixFor(int clockwiseDegrees)
    {
        const int one = 1 << 16;
        var (cos, sin) = clockwiseDegrees switch
        {
            0 => (one, 0),
            90 => (0, one),
            180 => (-one, 0),
            270 => (0, -one),
            _ => throw new ArgumentOutOfRangeException(nameof(clockwiseDegrees), clockwiseDegrees, "Rotation must be 0, 90, 180 or 270 degrees."),
        };
        return [cos, sin, 0, -sin, cos, 0, 0, 0, 1 << 30];
    }

    private static void WriteMatrix(FileStream file, Box tkhd, int[] matrix)
    {
        file.Position = tkhd.ContentStart;
        var version = file.ReadByte();
        var offset = version switch
        {
            0 => MatrixOffsetVersion0,
            1 => MatrixOffsetVersion1,
            _ => throw new InvalidDataException($"Unknown tkhd box version {version}."),
        };
        if (tkhd.ContentStart + offset + matrix.Length * 4 > tkhd.End)
            throw new InvalidDataException("The tkhd box is too short to hold a matrix.");
        var bytes = new byte[matrix.Length * 4];
        for (var i = 0; i < matrix.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * 4), matrix[i]);
        file.Position = tkhd.ContentStart + offset;
        file.Write(bytes);
    }

    private static bool IsVideoTrack(FileStream file, Box trak) =>
        ChildBoxes(file, trak.ContentStart, trak.End, "mdia")
            .SelectMany(mdia => ChildBoxes(file, mdia.ContentStart, mdia.End, "hdlr"))
            .Any(hdlr => ReadType(file, hdlr.ContentStart + 8) == "vide");

    /// <summary>The boxes of one type between <paramref name="start"/> and <paramref name="end"/> (32- and 64-bit sizes).</summary>
    private static IEnumerable<Box> ChildBoxes(FileStream file, long start, long end, string type)
    {
        var header = new byte[16];
        for (var position = start; position + BoxHeaderLength <= end;)
        {
            file.Position = position;
            file.ReadExactly(header, 0, BoxHeaderLength);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var boxType = Encoding.ASCII.GetString(header, 4, 4);
            var contentStart = position + BoxHeaderLength;
            if (size == 1)
            {
                file.ReadExactly(header, 8, 8);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                contentStart += 8;
            }
            else if (size == 0)
            {
                size = end - position;
            }
            if (size < contentStart - position || position + size > end)
                throw new InvalidDataException($"Malformed '{boxType}' box at byte {position}: not an ISO BMFF (.mp4/.mov) file.");
            if (boxType == type)
                yield return new Box(boxType, contentStart, position + size);
            position += size;
        }
    }

    private static string ReadType(FileStream file, long position)
    {
        var bytes = new byte[4];
        file.Position = position;
        file.ReadExactly(bytes);
        return Encoding.ASCII.GetString(bytes);
    }
}
