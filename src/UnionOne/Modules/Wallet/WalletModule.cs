using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Disbursements;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Modules.Wallet.Ledger;

namespace UnionOne.Modules.Wallet;

internal static class WalletModule
{
    public static IServiceCollection AddWalletModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ILedger, PostgresLedger>();
        services.AddSingleton<IdempotentRequests>();
        services.AddHostedService<WalletWorker>();
        services.AddDisbursements(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapWalletModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        DisbursementsSetup.MapDisbursements(app, api);
        return app;
    }
}
