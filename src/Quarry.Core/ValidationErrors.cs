namespace Quarry.Core;

/// <summary>Field path → messages, as the API's <c>errors</c> member carries them.</summary>
public sealed class ValidationErrors : Dictionary<string, List<string>>
{
    public ValidationErrors() : base(StringComparer.Ordinal) { }

    public bool IsEmpty => Count == 0;

    public ValidationErrors Add(string path, string message)
    {
        if (!TryGetValue(path, out var list))
            this[path] = list = [];
        list.Add(message);
        return this;
    }

    public static ValidationErrors Of(string path, string message) => new ValidationErrors().Add(path, message);
}
