using UnionOne.Modules.Wallet.Disbursements.Create;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Modules.Wallet.Disbursements.Funds;
using UnionOne.Modules.Wallet.Disbursements.Posting;
using UnionOne.Modules.Wallet.Disbursements.Queries;
using UnionOne.Modules.Wallet.Disbursements.Review;
using UnionOne.Modules.Wallet.Disbursements.Upload;

namespace UnionOne.Modules.Wallet.Disbursements;

/// <summary>Registration of disbursements (福利发放) and fund top-ups (拨入福利资金) inside the Wallet module.</summary>
internal static class DisbursementsSetup
{
    public static IServiceCollection AddDisbursements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisbursementOptions>().Bind(configuration.GetSection(DisbursementOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostingSignal>();
        services.AddSingleton<DisbursementPoster>();
        services.AddHostedService<DisbursementWorker>();
        services.AddSingleton<DraftWriter>();
        services.AddScoped<DisbursementAccess>();
        services.AddScoped<UnionChoices>();
        services.AddScoped<SelectionDraft>();
        services.AddScoped<UploadService>();
        services.AddScoped<ReviewService>();
        services.AddScoped<DisbursementQueries>();
        services.AddScoped<FundService>();
        return services;
    }

    public static void MapDisbursements(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Endpoints.Map(api);
        PageEndpoints.Map(app);
    }
}
