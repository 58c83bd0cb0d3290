using System.Data;
using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Quarry.Data;

/// <summary>
/// Dapper conversions that make one set of SQL work on both databases: on SQLite, UUIDs and timestamps are
/// stored as text (timestamps as fixed-width ISO 8601 UTC, so they compare correctly as strings); on PostgreSQL
/// they are uuid and timestamptz, and <see cref="JsonText"/> is sent as jsonb.
/// </summary>
public static class TypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Dapper consults its built-in type map before custom handlers; remove the entries to be handled here.
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new TimestampHandler());
        SqlMapper.AddTypeHandler(new JsonTextHandler());
    }

    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is NpgsqlParameter np)
            {
                np.NpgsqlDbType = NpgsqlDbType.Uuid;
                np.Value = value;
            }
            else
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s, CultureInfo.InvariantCulture),
            byte[] b => new Guid(b),
            _ => throw new DataException($"Cannot read a UUID from {value.GetType().Name}."),
        };
    }

    private sealed class TimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            var utc = value.ToUniversalTime();
            if (parameter is NpgsqlParameter np)
            {
                np.NpgsqlDbType = NpgsqlDbType.TimestampTz;
                np.Value = utc;
            }
            else
            {
                parameter.DbType = DbType.String;
                parameter.Value = utc.ToString(TimestampFormat, CultureInfo.InvariantCulture);
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a timestamp from {value.GetType().Name}."),
        };
    }

    private sealed class JsonTextHandler : SqlMapper.TypeHandler<JsonText>
    {
        public override void SetValue(IDbDataParameter parameter, JsonText? value)
        {
            if (parameter is NpgsqlParameter np)
                np.NpgsqlDbType = NpgsqlDbType.Jsonb;
            else
                parameter.DbType = DbType.String;
            parameter.Value = value is null ? DBNull.Value : value.Json;
        }

        public override JsonText Parse(object value) => new((string)value);
    }
}

/// <summary>A JSON document bound for a json/jsonb column. Read JSON columns back as plain strings.</summary>
public sealed record JsonText(string Json)
{
    public static JsonText? From(string? json) => json is null ? null : new JsonText(json);
}
