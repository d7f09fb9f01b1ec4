using FluentValidation;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Coupons;
using UnionOne.Modules.Wallet.Disbursements;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Modules.Wallet.Ledger;
using UnionOne.Modules.Wallet.MyWallet;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Modules.Wallet.Reports;
using UnionOne.Modules.Wallet.Settlement;

namespace UnionOne.Modules.Wallet;

internal static class WalletModule
{
    public static IServiceCollection AddWalletModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ILedger, PostgresLedger>();
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<CouponBook>();
        services.AddSingleton<Receipts>();
        services.AddSingleton<PaymentService>();
        services.AddSingleton<IValidator<PayRequest>, PayRequestValidator>();
        services.AddSingleton<IValidator<RefundRequest>, RefundRequestValidator>();
        services.AddScoped<MyWalletService>();
        services.AddScoped<CouponAdmin>();
        services.AddHostedService<WalletWorker>();
        services.AddDisbursements(configuration);
        services.AddWalletSettlement();
        services.AddWalletReports();
        return services;
    }

    public static IEndpointRouteBuilder MapWalletModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Payments.Endpoints.Map(api);
        MyWallet.Endpoints.Map(api);
        Coupons.Endpoints.Map(api);
        DisbursementsSetup.MapDisbursements(app, api);
        SettlementSetup.MapWalletSettlement(app, api);
        ReportsSetup.MapWalletReports(app, api);
        return app;
    }
}
