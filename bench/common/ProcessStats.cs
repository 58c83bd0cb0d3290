using System.Diagnostics;
using System.Globalization;

namespace Quarry.Bench;

/// <summary>What the benchmarks read about processes and the machine: memory and CPU from /proc, the load, the commit.</summary>
public static class ProcessStats
{
    /// <summary>Peak and current resident set size of a process, in MiB, from /proc/PID/status.</summary>
    public static (double PeakMiB, double NowMiB) Memory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        double Kib(string key) => double.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (Kib("VmHWM:") / 1024, Kib("VmRSS:") / 1024);
    }

    /// <summary>CPU seconds (user + system) a process has used so far, from /proc/PID/stat.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (in parentheses, may hold spaces): utime and stime are the 12th and 13th, in 1/100 s.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The machine, for the results: cores, memory, and the load average now.</summary>
    public static string Machine()
    {
        var mem = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var gib = double.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {gib:F0} GiB, load average {LoadAverage()}");
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string Commit()
    {
        try
        {
            var psi = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return s.Length > 0 ? s : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
