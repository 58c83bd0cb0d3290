using Microsoft.Data.Sqlite;

namespace Quarry.Bench.Throughput;

/// <summary>Per-document latency read from the server's SQLite database: upload accepted → last phase of its row written.</summary>
public static class Latencies
{
    public static List<double> OfJobs(string databasePath, IEnumerable<string> jobIds)
    {
        var list = new List<double>();
        using var conn = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        conn.Open();
        foreach (var job in jobIds)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                SELECT d.created_at, MAX(p.completed_at) FROM job_rows r
                JOIN documents d ON d.id = r.document_id JOIN job_row_phase_runs p ON p.row_id = r.id
                WHERE r.job_id = $job GROUP BY r.id, d.created_at
                """;
            cmd.Parameters.AddWithValue("$job", job);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                list.Add((Parse(reader.GetString(1)) - Parse(reader.GetString(0))).TotalSeconds);
        }
        return list;
    }

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
