namespace OrleansCsms.Grains;

/// <summary>
/// The one rule for text that no store can hold: U+0000 (PostgreSQL text and jsonb reject it) and unpaired UTF-16
/// surrogates (no UTF-8 encoding exists for them) each become U+FFFD, the replacement character. Everything else,
/// surrogate pairs included, is kept as it is.
/// </summary>
public static class StorableText
{
    public const char Replacement = '\uFFFD';

    /// <summary>Whether <paramref name="text"/> can be stored as it is.</summary>
    public static bool IsStorable(ReadOnlySpan<char> text) => FirstUnstorable(text) < 0;

    /// <summary><paramref name="text"/> with U+0000 and unpaired surrogates replaced; the same instance when there are none.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstUnstorable(text);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (chars, state) =>
        {
            state.text.AsSpan().CopyTo(chars);
            for (var i = state.first; i < chars.Length; i++)
            {
                if (IsPairAt(chars, i))
                {
                    i++;
                }
                else if (chars[i] == '\0' || char.IsSurrogate(chars[i]))
                {
                    chars[i] = Replacement;
                }
            }
        });
    }

    private static int FirstUnstorable(ReadOnlySpan<char> text)
    {
        // Both searches are vectorised; text without surrogates or U+0000, nearly all of it, costs no more than this.
        var nul = text.IndexOf('\0');
        var surrogate = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        var i = surrogate;
        while (i >= 0 && (nul < 0 || i < nul))
        {
            if (!IsPairAt(text, i))
            {
                return i;
            }

            var next = text[(i + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + 2 + next;
        }

        return nul;
    }

    private static bool IsPairAt(ReadOnlySpan<char> text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
}
