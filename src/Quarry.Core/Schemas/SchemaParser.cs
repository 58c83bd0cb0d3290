using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Quarry.Core.Schemas;

/// <summary>
/// Reads a schema body in any of its three forms into one <see cref="SchemaDefinition"/>:
/// (1) <c>{"name", "json_schema": {JSON Schema}}</c> or a bare JSON Schema with <c>title</c>;
/// (2) <c>{"name", "fields": [{name, type, ...}]}</c>; (3) <c>{"name", "fields": {"total": "number"}}</c>.
/// Every problem is reported with its path; nothing is guessed.
/// </summary>
public static partial class SchemaParser
{
    public const int MaxFields = 500;
    private static readonly HashSet<string> BodyKeys = ["name", "description", "fields", "json_schema"];
    private static readonly HashSet<string> FieldKeys =
        ["name", "type", "required", "description", "aliases", "format", "pattern", "enum", "min", "max", "items"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldNamePattern();

    public static (SchemaDefinition? Schema, ValidationErrors Errors) Parse(JsonElement body)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, errors.Add("body", "The body must be a JSON object."));

        if (IsBareJsonSchema(body))
        {
            var title = body.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var name = ReadName(title, "title", errors);
            var fields = ParseJsonSchema(body, "", errors);
            var description = body.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return Finish(name, description, fields, errors);
        }

        foreach (var p in body.EnumerateObject())
        {
            if (!BodyKeys.Contains(p.Name))
                errors.Add(p.Name, $"Unknown property '{p.Name}'. Expected: name, description, and one of fields or json_schema.");
        }

        var schemaName = ReadName(body.TryGetProperty("name", out var n) ? (n.ValueKind == JsonValueKind.String ? n.GetString() : null) : null, "name", errors);
        string? desc = null;
        if (body.TryGetProperty("description", out var dd))
        {
            if (dd.ValueKind == JsonValueKind.String) desc = dd.GetString();
            else if (dd.ValueKind != JsonValueKind.Null) errors.Add("description", "Must be a string.");
        }

        var hasFields = body.TryGetProperty("fields", out var fieldsEl);
        var hasJsonSchema = body.TryGetProperty("json_schema", out var js);
        List<FieldDefinition> list = [];
        if (hasFields && hasJsonSchema)
            errors.Add("fields", "Give either fields or json_schema, not both.");
        else if (hasJsonSchema)
        {
            if (js.ValueKind != JsonValueKind.Object)
                errors.Add("json_schema", "Must be a JSON Schema object.");
            else
                list = ParseJsonSchema(js, "json_schema.", errors);
        }
        else if (hasFields)
        {
            list = fieldsEl.ValueKind switch
            {
                JsonValueKind.Array => ParseFieldList(fieldsEl, "fields", errors),
                JsonValueKind.Object => ParseFlatMap(fieldsEl, errors),
                _ => Fail(errors, "fields", "Must be an array of field objects or a map of field name to type."),
            };
        }
        else
            errors.Add("fields", "A schema needs fields: give fields (a list or a name → type map) or json_schema.");

        return Finish(schemaName, desc, list, errors);
    }

    /// <summary>Reads the stored canonical form (2) back. Stored schemas were validated when written.</summary>
    public static IReadOnlyList<FieldDefinition> ParseStoredFields(JsonElement fields)
    {
        var errors = new ValidationErrors();
        var list = ParseFieldList(fields, "fields", errors);
        if (!errors.IsEmpty)
            throw new InvalidOperationException("Stored schema fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return list;
    }

    private static (SchemaDefinition?, ValidationErrors) Finish(string? name, string? description, List<FieldDefinition> fields, ValidationErrors errors)
    {
        if (errors.IsEmpty && fields.Count == 0)
            errors.Add("fields", "A schema needs at least one field.");
        if (fields.Count > MaxFields)
            errors.Add("fields", $"A schema has at most {MaxFields} fields.");
        return errors.IsEmpty ? (new SchemaDefinition(name!, description, fields), errors) : (null, errors);
    }

    private static List<FieldDefinition> Fail(ValidationErrors errors, string path, string message)
    {
        errors.Add(path, message);
        return [];
    }

    private static bool IsBareJsonSchema(JsonElement body) =>
        body.TryGetProperty("properties", out _) || body.TryGetProperty("$schema", out _)
        || (body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "object");

    private static string? ReadName(string? name, string path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(path, "A schema needs a name.");
            return null;
        }
        name = name.Trim();
        if (name.Length > 200)
            errors.Add(path, "At most 200 characters.");
        return name;
    }

    private static List<FieldDefinition> ParseFieldList(JsonElement array, string path, ValidationErrors errors)
    {
        var list = new List<FieldDefinition>();
        var i = 0;
        foreach (var el in array.EnumerateArray())
        {
            var f = ParseField(el, $"{path}[{i}]", errors);
            if (f is not null) list.Add(f);
            i++;
        }
        CheckUnique(list, path, errors);
        return list;
    }

    private static List<FieldDefinition> ParseFlatMap(JsonElement map, ValidationErrors errors)
    {
        var list = new List<FieldDefinition>();
        foreach (var p in map.EnumerateObject())
        {
            var path = $"fields.{p.Name}";
            CheckName(p.Name, path, errors);
            if (p.Value.ValueKind != JsonValueKind.String || !FieldTypes.TryParse(p.Value.GetString(), out var type))
            {
                errors.Add(path, $"Unknown type {p.Value.GetRawText()}. Known types: {string.Join(", ", FieldTypes.Names)}.");
                continue;
            }
            if (type is FieldType.Enum or FieldType.Array)
            {
                errors.Add(path, $"Type '{type.Name()}' needs more than a name; use the fields list form to give its {(type == FieldType.Enum ? "enum values" : "items")}.");
                continue;
            }
            list.Add(new FieldDefinition(p.Name, type));
        }
        // JSON lets an object repeat a key; a schema must not repeat a field.
        CheckUnique(list, "fields", errors);
        return list;
    }

    private static FieldDefinition? ParseField(JsonElement el, string path, ValidationErrors errors)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Each field must be an object with at least name and type.");
            return null;
        }
        var before = errors.Count;
        foreach (var p in el.EnumerateObject())
        {
            if (!FieldKeys.Contains(p.Name))
                errors.Add($"{path}.{p.Name}", $"Unknown property '{p.Name}'. Known: {string.Join(", ", FieldKeys)}.");
        }

        var name = String(el, "name", path, errors);
        if (name is null)
            errors.Add($"{path}.name", "A field needs a name.");
        else
            CheckName(name, $"{path}.name", errors);

        var typeName = String(el, "type", path, errors);
        var type = FieldType.String;
        if (typeName is null)
            errors.Add($"{path}.type", $"A field needs a type. Known types: {string.Join(", ", FieldTypes.Names)}.");
        else if (!FieldTypes.TryParse(typeName, out type))
            errors.Add($"{path}.type", $"Unknown type '{typeName}'. Known types: {string.Join(", ", FieldTypes.Names)}.");

        var required = false;
        if (el.TryGetProperty("required", out var r))
        {
            if (r.ValueKind is JsonValueKind.True or JsonValueKind.False) required = r.GetBoolean();
            else errors.Add($"{path}.required", "Must be true or false.");
        }

        var description = String(el, "description", path, errors);
        var format = String(el, "format", path, errors);
        var pattern = String(el, "pattern", path, errors);
        if (pattern is not null)
            CheckPattern(pattern, $"{path}.pattern", errors);
        var aliases = StringList(el, "aliases", path, errors);
        var enumValues = StringList(el, "enum", path, errors);
        if (type == FieldType.Enum && (enumValues is null || enumValues.Count == 0))
            errors.Add($"{path}.enum", "A field of type enum needs a non-empty list of values.");
        if (enumValues is not null && type is not (FieldType.Enum or FieldType.String))
            errors.Add($"{path}.enum", "Only enum and string fields take a list of values.");

        var min = Number(el, "min", path, errors);
        var max = Number(el, "max", path, errors);
        if ((min is not null || max is not null) && !(type.IsNumeric() || type == FieldType.Array))
            errors.Add($"{path}.min", $"min and max apply to numeric fields and to arrays (item count), not to {type.Name()}.");
        if (min > max)
            errors.Add($"{path}.min", "min must not exceed max.");

        ArrayItems? items = null;
        if (el.TryGetProperty("items", out var itemsEl))
        {
            if (type != FieldType.Array)
                errors.Add($"{path}.items", "Only array fields take items.");
            else
                items = ParseItems(itemsEl, $"{path}.items", errors);
        }
        else if (type == FieldType.Array)
            errors.Add($"{path}.items", "An array field needs items: a type name, or {\"fields\": [...]} for objects.");

        if (errors.Count != before || name is null)
            return null;
        return new FieldDefinition(name, type, required, description, aliases, format, pattern,
            enumValues, min, max, items);
    }

    private static ArrayItems? ParseItems(JsonElement el, string path, ValidationErrors errors)
    {
        if (el.ValueKind == JsonValueKind.String)
        {
            if (FieldTypes.TryParse(el.GetString(), out var t) && t is not (FieldType.Array or FieldType.Enum))
                return new ArrayItems(t, null);
            errors.Add(path, $"Unknown or unsupported item type '{el.GetString()}'.");
            return null;
        }
        if (el.ValueKind == JsonValueKind.Object && el.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Array)
        {
            var fields = ParseFieldList(f, $"{path}.fields", errors);
            if (fields.Count == 0)
                errors.Add($"{path}.fields", "Objects in an array need at least one field.");
            return new ArrayItems(null, fields);
        }
        if (el.ValueKind == JsonValueKind.Object && el.TryGetProperty("type", out var ty) && ty.ValueKind == JsonValueKind.String)
            return ParseItems(ty, path, errors);
        errors.Add(path, "items is a type name, {\"type\": name}, or {\"fields\": [...]}.");
        return null;
    }

    private static List<FieldDefinition> ParseJsonSchema(JsonElement schema, string path, ValidationErrors errors)
    {
        if (schema.TryGetProperty("type", out var t) && !(t.ValueKind == JsonValueKind.String && t.GetString() == "object"))
            errors.Add($"{path}type", "The top of a JSON Schema must be of type object.");
        if (!schema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}properties", "A JSON Schema needs properties (the fields).");
            return [];
        }
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var req))
        {
            if (req.ValueKind != JsonValueKind.Array || req.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                errors.Add($"{path}required", "Must be an array of property names.");
            else
                required.UnionWith(req.EnumerateArray().Select(x => x.GetString()!));
        }
        var list = new List<FieldDefinition>();
        foreach (var p in props.EnumerateObject())
        {
            var f = ParseJsonSchemaProperty(p.Name, p.Value, required.Contains(p.Name), $"{path}properties.{p.Name}", errors);
            if (f is not null) list.Add(f);
        }
        foreach (var r in required.Where(r => list.All(f => f.Name != r) && !props.TryGetProperty(r, out _)))
            errors.Add($"{path}required", $"'{r}' is required but is not among the properties.");
        CheckUnique(list, $"{path}properties", errors);
        return list;
    }

    private static FieldDefinition? ParseJsonSchemaProperty(string name, JsonElement p, bool required, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        CheckName(name, path, errors);
        if (p.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Each property must be a JSON Schema object.");
            return null;
        }
        var type = TypeFromJsonSchema(p, path, errors);
        var enumValues = StringList(p, "enum", path, errors);
        // A JSON Schema enum is a Quarry enum, unless x-quarry-type says it is a string with suggested values.
        if (enumValues is not null && type == FieldType.String && !p.TryGetProperty("x-quarry-type", out _))
            type = FieldType.Enum;
        var pattern = String(p, "pattern", path, errors);
        if (pattern is not null)
            CheckPattern(pattern, $"{path}.pattern", errors);
        ArrayItems? items = null;
        if (type == FieldType.Array)
        {
            if (!p.TryGetProperty("items", out var it) || it.ValueKind != JsonValueKind.Object)
                errors.Add($"{path}.items", "An array property needs an items schema.");
            else if (it.TryGetProperty("properties", out _))
                items = new ArrayItems(null, ParseJsonSchema(it, $"{path}.items.", errors));
            else
            {
                var itemType = TypeFromJsonSchema(it, $"{path}.items", errors);
                if (itemType is FieldType.Array or FieldType.Enum)
                    errors.Add($"{path}.items", "Arrays of arrays are not supported.");
                items = new ArrayItems(itemType, null);
            }
        }
        var aliases = StringList(p, "x-aliases", path, errors);
        var format = String(p, "format", path, errors);
        // An array's min and max count its items, as minItems and maxItems.
        var min = Number(p, type == FieldType.Array ? "minItems" : "minimum", path, errors);
        var max = Number(p, type == FieldType.Array ? "maxItems" : "maximum", path, errors);
        if (errors.Count != before)
            return null;
        return new FieldDefinition(name, type, required, String(p, "description", path, errors), aliases,
            format is "date" or "date-time" or "duration" or "email" or "uri" ? null : format,
            pattern, enumValues, min, max, items);
    }

    private static FieldType TypeFromJsonSchema(JsonElement p, string path, ValidationErrors errors)
    {
        var quarryType = String(p, "x-quarry-type", path, errors);
        if (quarryType is not null)
        {
            if (FieldTypes.TryParse(quarryType, out var qt)) return qt;
            errors.Add($"{path}.x-quarry-type", $"Unknown type '{quarryType}'. Known types: {string.Join(", ", FieldTypes.Names)}.");
            return FieldType.String;
        }
        var jsonType = p.TryGetProperty("type", out var t) ? t : default;
        // ["string", "null"] is how JSON Schema says optional; take the non-null member.
        var typeName = jsonType.ValueKind switch
        {
            JsonValueKind.String => jsonType.GetString(),
            JsonValueKind.Array => jsonType.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x != "null"),
            _ => p.TryGetProperty("enum", out _) ? "string" : null,
        };
        var format = p.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        switch (typeName)
        {
            case "string":
                return format switch
                {
                    "date" => FieldType.Date,
                    "date-time" => FieldType.DateTime,
                    "duration" => FieldType.Duration,
                    "email" => FieldType.Email,
                    "uri" or "url" => FieldType.Url,
                    _ => FieldType.String,
                };
            case "number": return FieldType.Number;
            case "integer": return FieldType.Integer;
            case "boolean": return FieldType.Boolean;
            case "array": return FieldType.Array;
            case null:
                errors.Add($"{path}.type", "Each property needs a type.");
                return FieldType.String;
            default:
                errors.Add($"{path}.type", $"Type '{typeName}' is not supported for a field; nested objects are supported only as array items.");
                return FieldType.String;
        }
    }

    private static void CheckUnique(List<FieldDefinition> fields, string path, ValidationErrors errors)
    {
        foreach (var dup in fields.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add(path, $"The field name '{dup.Key}' is used more than once.");
    }

    private static void CheckName(string name, string path, ValidationErrors errors)
    {
        if (!FieldNamePattern().IsMatch(name))
            errors.Add(path, $"'{name}' is not a valid field name: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters.");
    }

    private static void CheckPattern(string pattern, string path, ValidationErrors errors)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            errors.Add(path, $"Not a valid regular expression: {e.Message}");
        }
    }

    private static string? String(JsonElement el, string key, string path, ValidationErrors errors)
    {
        if (!el.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        errors.Add($"{path}.{key}", "Must be a string.");
        return null;
    }

    private static List<string>? StringList(JsonElement el, string key, string path, ValidationErrors errors)
    {
        if (!el.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
            return v.EnumerateArray().Select(x => x.GetString()!).ToList();
        errors.Add($"{path}.{key}", "Must be an array of strings.");
        return null;
    }

    private static decimal? Number(JsonElement el, string key, string path, ValidationErrors errors)
    {
        if (!el.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            return s;
        errors.Add($"{path}.{key}", "Must be a number.");
        return null;
    }
}
