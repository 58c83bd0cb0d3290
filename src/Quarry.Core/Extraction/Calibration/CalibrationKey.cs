using System.Text;
using Quarry.Core.Schemas;

namespace Quarry.Core.Extraction.Calibration;

/// <summary>What a cross-field rule said about a cell: nothing (no rule applied), the amounts agreed, or they did not.</summary>
public enum RuleAgreement { None, Agrees, Disagrees }

/// <summary>
/// The keys a calibration curve is looked up by, from the most specific to the most general: how the value was found,
/// what the field means (its intent, else its type) and what the cross-field rules said. A key the fitted table lacks
/// (too few examples) falls back to the next, so a schema never seen still gets the curve of its kind of evidence.
/// </summary>
public static class CalibrationKey
{
    public const string Any = "*";

    /// <summary>A field's group: its meaning when its name says one (<c>total</c>, <c>issue_date</c>), else its type.</summary>
    public static string GroupOf(FieldDefinition field)
    {
        var intent = FieldSemantics.Of(field);
        return intent == FieldIntent.None ? field.Type.Name() : SnakeCase(intent.ToString());
    }

    public static IEnumerable<string> Candidates(string kind, string group, RuleAgreement rule)
    {
        // "none" has its own key too: the curve of values no rule checked must not be lifted by those a rule confirmed.
        yield return $"{kind}|{group}|{Rule(rule)}";
        yield return $"{kind}|{group}";
        yield return $"{kind}|{Any}|{Rule(rule)}";
        yield return kind;
        yield return Any;
    }

    public static IEnumerable<string> AbsentCandidates(string group)
    {
        yield return group;
        yield return Any;
    }

    public static string Rule(RuleAgreement rule) => rule switch
    {
        RuleAgreement.Agrees => "agrees",
        RuleAgreement.Disagrees => "disagrees",
        _ => "none",
    };

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
