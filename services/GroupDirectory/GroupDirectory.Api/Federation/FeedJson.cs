using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>A feed page as read: the entries that could be read, and why each of the others could not.</summary>
public sealed record ReadFeedPage(FeedPage Page, IReadOnlyList<string> Unreadable);

/// <summary>
/// Reads a feed page written by others from the HSDS spec, tolerant as such feeds require: a value of the wrong JSON type
/// that still says what it means is read as meant (<c>42</c> as "42", "52.4" as 52.4, "" as absent, a language as a plain
/// string, "2024-05-01 10:00:00" as a time), and an entry that cannot be read is left out and counted instead of failing
/// its page (one page is one transaction: a page that fails stops the peer's feed at that page for good).
/// </summary>
public static class FeedJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <exception cref="JsonException">The page itself is not a feed page (not JSON, no items, no next).</exception>
    public static ReadFeedPage ReadPage(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        // The items converter lives in the options, not on the property: our own feed is written with the defaults.
        var page = JsonSerializer.Deserialize<FeedPage>(utf8, Options);
        if (page?.Items is not ReadItems items || page.Next is null) throw new JsonException("missing items or next");
        return new ReadFeedPage(page, items.Unreadable);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new ItemsConverter());
        options.Converters.Add(new TextConverter());
        options.Converters.Add(new NumberConverter());
        options.Converters.Add(new FlagConverter());
        options.Converters.Add(new TimeConverter());
        options.Converters.Add(new LanguageConverter());
        return options;
    }

    private sealed class ReadItems : List<FeedItem>
    {
        public List<string> Unreadable { get; } = [];
    }

    /// <summary>
    /// Each entry read on its own, straight from the page's reader (no second pass over it); one that fails is skipped
    /// from where it began. The whole page is in memory (read as bytes), so skipping never waits for more input.
    /// </summary>
    private sealed class ItemsConverter : JsonConverter<IReadOnlyList<FeedItem>>
    {
        public override IReadOnlyList<FeedItem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("items is not an array");
            var converter = (JsonConverter<FeedItem>)options.GetConverter(typeof(FeedItem));
            var items = new ReadItems();
            for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
            {
                var start = reader;
                (string German, string English) reason;
                try
                {
                    var item = reader.TokenType == JsonTokenType.StartObject ? converter.Read(ref reader, typeof(FeedItem), options) : null;
                    if (item is { Id: not null } && (item.Deleted || item.Service is not null))
                    {
                        items.Add(item);
                        continue;
                    }
                    reason = item is null ? ("kein JSON-Objekt", "not a JSON object")
                        : item.Id is null ? ("id fehlt", "id missing") : ("service fehlt", "service missing");
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
                {
                    reason = Reason(start, options);
                }
                reader = start;
                reader.Skip();
                items.Unreadable.Add($"Eintrag an Stelle {index}: {reason.German} / entry at position {index}: {reason.English}");
            }
            return items;
        }

        /// <summary>
        /// Why an entry could not be read, with the path of the field: read once more the serializer's way, which tracks
        /// the path (only for entries that failed). The messages name the field and the type expected, never the value.
        /// </summary>
        private static (string German, string English) Reason(Utf8JsonReader entry, JsonSerializerOptions options)
        {
            try
            {
                JsonSerializer.Deserialize(ref entry, (JsonTypeInfo<FeedItem>)options.GetTypeInfo(typeof(FeedItem)));
                return ("nicht lesbar", "unreadable");
            }
            catch (JsonException e)
            {
                var message = e.Message.Split(" Path: ")[0];
                return ($"{e.Path} nicht lesbar", $"{e.Path} unreadable ({message})");
            }
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<FeedItem> value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only for reading.");
    }

    /// <summary>A string; a number as its text ("id": 42); "" and blanks as absent.</summary>
    private sealed class TextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan),
                _ => throw new JsonException($"expected a string, found {reader.TokenType}"),
            };
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A number, or a string holding one ("52.4", also "52,4"); "" as absent.</summary>
    private sealed class NumberConverter : JsonConverter<double?>
    {
        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number) return reader.GetDouble();
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected a number, found {reader.TokenType}");
            var text = reader.GetString()!.Trim();
            if (text.Length == 0) return null;
            return double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number
                : throw new JsonException("expected a number, found a string that holds none");
        }

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value!.Value);
    }

    /// <summary>true/false, also as "true"/"false", "1"/"0" or 1/0; null and "" as false.</summary>
    private sealed class FlagConverter : JsonConverter<bool>
    {
        public override bool HandleNull => true;

        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            JsonTokenType.Number when reader.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            JsonTokenType.String => reader.GetString()!.Trim().ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" or "" => false,
                _ => throw new JsonException("expected true or false"),
            },
            _ => throw new JsonException($"expected true or false, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

    /// <summary>ISO 8601, or what else reads unambiguously ("2024-05-01 10:00:00", taken as UTC without an offset); "" as absent.</summary>
    private sealed class TimeConverter : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected a date and time, found {reader.TokenType}");
            if (reader.TryGetDateTimeOffset(out var time)) return time;
            var text = reader.GetString()!.Trim();
            if (text.Length == 0) return null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
                ? time
                : throw new JsonException("expected a date and time");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value!.Value);
    }

    /// <summary><c>{"code": "de"}</c>, HSDS 3's <c>{"name": "German"}</c>, or a plain "de".</summary>
    private sealed class LanguageConverter : JsonConverter<FeedLanguage>
    {
        public override FeedLanguage? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return new FeedLanguage(reader.GetString());
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected a language, found {reader.TokenType}");
            string? code = null, name = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) reader.Skip();
                else if (property == "code") code = reader.GetString();
                else if (property == "name") name = reader.GetString();
            }
            return new FeedLanguage(code, name);
        }

        public override void Write(Utf8JsonWriter writer, FeedLanguage value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only for reading.");
    }
}
