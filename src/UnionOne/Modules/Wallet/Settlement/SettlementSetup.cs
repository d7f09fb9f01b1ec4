using UnionOne.Modules.Wallet.Settlement.Console;
using UnionOne.Modules.Wallet.Settlement.Payees;
using UnionOne.Modules.Wallet.Settlement.Reconciliation;
using UnionOne.Modules.Wallet.Settlement.Runs;
using UnionOne.Modules.Wallet.Settlement.Statements;

namespace UnionOne.Modules.Wallet.Settlement;

/// <summary>Merchant settlement: daily statements, payees, settlement runs with their bank file, and the reconciliation report.</summary>
internal static class SettlementSetup
{
    public static IServiceCollection AddWalletSettlement(this IServiceCollection services)
    {
        services.AddScoped<MerchantAccess>();
        services.AddScoped<DailyStatements>();
        services.AddScoped<PayeeService>();
        services.AddScoped<SettlementOverview>();
        services.AddScoped<SettlementRuns>();
        services.AddScoped<BankFile>();
        services.AddScoped<ReconciliationReport>();
        return services;
    }

    public static void MapWalletSettlement(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Statements.Endpoints.Map(api);
        Payees.Endpoints.Map(api);
        Console.Endpoints.Map(api);
        Runs.Endpoints.Map(app, api);
        Reconciliation.Endpoint.Map(api);
    }
}
