namespace UnionOne.Modules.Wallet.Reports;

/// <summary>Wallet reports (统计报表) for staff of a node: figures, charts and the .xlsx export.</summary>
internal static class ReportsSetup
{
    public static IServiceCollection AddWalletReports(this IServiceCollection services)
    {
        services.AddScoped<WalletReports>();
        services.AddScoped<ReportExport>();
        return services;
    }

    public static void MapWalletReports(IEndpointRouteBuilder app, IEndpointRouteBuilder api) => Endpoints.Map(app, api);
}
