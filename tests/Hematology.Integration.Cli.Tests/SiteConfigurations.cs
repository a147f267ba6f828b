namespace Hematology.Integration.Cli.Tests;

/// <summary>Site configuration files for the command tests, with absolute paths under a test folder.</summary>
internal static class SiteConfigurations
{
    public static string Valid(string folder, int limsPort, string password) => $$"""
        {
          "Hematology": {
            "SpoolDirectory": "{{Json(Path.Combine(folder, "spool"))}}",
            "Analyzers": [
              { "Id": "xn-lab1", "Profile": "sysmex-wide", "TimeZone": "Europe/Berlin", "Source": { "Kind": "LocalFolder", "Path": "{{Json(Path.Combine(folder, "drop"))}}" } },
              { "Id": "ftp-lab2", "Profile": "generic-long", "TimeZone": "UTC",
                "Source": { "Kind": "Ftp", "Host": "192.0.2.10", "User": "lab", "Password": "{{password}}", "RemoteDirectory": "/export" } }
            ],
            "Destinations": [ { "Name": "lims", "Kind": "Mllp", "Host": "127.0.0.1", "Port": {{limsPort}} } ]
          }
        }
        """;

    public static string LocalOnly(string folder, string drop, int limsPort) => $$"""
        {
          "Hematology": {
            "SpoolDirectory": "{{Json(Path.Combine(folder, "spool"))}}",
            "ControlChannel": false,
            "Analyzers": [
              { "Id": "gen-1", "Profile": "generic-long", "TimeZone": "UTC", "PollInterval": "00:00:00.200", "StabilityWindow": "00:00:00.500",
                "Source": { "Kind": "LocalFolder", "Path": "{{Json(drop)}}" } }
            ],
            "Destinations": [ { "Name": "lims", "Kind": "Mllp", "Host": "127.0.0.1", "Port": {{limsPort}} } ]
          }
        }
        """;

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);
}
