using System.Security.Cryptography;
using System.Text;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// Table keys for any blob name. Keys forbid / \ # ? and control characters, so names are base64url-encoded
/// (reversible; only A-Z a-z 0-9 - _). Names whose encoding would pass the 1 KiB key limit keep an encoded
/// prefix plus a SHA-256 of the whole name: still unique, and the row keeps the full name in a column.
/// </summary>
public static class TableKeys
{
    /// <summary>Characters, i.e. 1 KiB of UTF-16.</summary>
    public const int MaxKeyLength = 512;
    private const int HashedPrefixLength = 400;
    private const char HashSeparator = '.';

    public static string ForVideo(string container, string blobName)
    {
        var encoded = Base64Url(Encoding.UTF8.GetBytes($"{container}/{blobName}"));
        if (encoded.Length <= MaxKeyLength)
        {
            return encoded;
        }
        var hash = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));
        return $"{encoded[..HashedPrefixLength]}{HashSeparator}{hash}";
    }

    /// <summary>The container/blob text of a key that was not hashed.</summary>
    public static string Decode(string key) => Encoding.UTF8.GetString(Convert.FromBase64String(
        key.Replace('-', '+').Replace('_', '/').PadRight(key.Length + (4 - key.Length % 4) % 4, '=')));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
