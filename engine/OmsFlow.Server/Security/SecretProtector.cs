using System.Security.Cryptography;
using System.Text;

namespace OmsFlow.Server.Security;

/// <summary>
/// Encrypts secrets the server must read back (hook and webhook signing secrets) with AES-256-GCM under the
/// server key, so a copy of the database alone does not reveal them.
/// </summary>
/// <remarks>
/// The key comes from <c>Auth:SecretKey</c> (base64 of 32 bytes), else from the file <c>Auth:KeyFile</c>
/// (default <c>omsflow.key</c> next to the SQLite database, or <c>./data/omsflow.key</c>), created with fresh
/// random bytes on first start. Losing the key means re-issuing every hook and webhook secret.
/// </remarks>
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    /// <summary>Uses <paramref name="key"/> (32 bytes) as the AES-256 key.</summary>
    public SecretProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("The server key must be 32 bytes (base64 of 32 random bytes).", nameof(key));
        }
        _key = key;
    }

    /// <summary>Loads or creates the server key as configured.</summary>
    public static SecretProtector FromConfiguration(IConfiguration configuration, string? databaseFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Auth:SecretKey"] is { Length: > 0 } configured)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException("Auth:SecretKey must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).", ex);
            }
            return new SecretProtector(key);
        }
        var path = configuration["Auth:KeyFile"] is { Length: > 0 } file
            ? Path.GetFullPath(file)
            : Path.Combine(databaseFolder ?? Path.GetFullPath("data"), "omsflow.key");
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            try
            {
                return new SecretProtector(Convert.FromBase64String(text));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new InvalidOperationException($"The server key file {path} must hold base64 of 32 bytes.", ex);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(created));
        }
        return new SecretProtector(created);
    }

    /// <summary>Encrypts <paramref name="plaintext"/>; the result is base64 of nonce, tag and ciphertext.</summary>
    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    /// <summary>Decrypts what <see cref="Protect"/> produced.</summary>
    /// <exception cref="CryptographicException">The value was made with another key or was altered.</exception>
    public string Unprotect(string protectedValue)
    {
        var input = Convert.FromBase64String(protectedValue);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is truncated.");
        }
        var plaintext = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }
}
