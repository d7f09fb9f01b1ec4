using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Approvals;
using UnionOne.Modules.Members.Card;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Detail;
using UnionOne.Modules.Members.Directory;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Members.Export;
using UnionOne.Modules.Members.Import;
using UnionOne.Modules.Members.Join;
using UnionOne.Modules.Members.Moves;
using UnionOne.Modules.Members.Search;
using UnionOne.Modules.Members.Transfers;
using UnionOne.Modules.Members.Update;

namespace UnionOne.Modules.Members;

internal static class MembersModule
{
    public static IServiceCollection AddMembersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IMemberDirectory, MemberDirectory>();
        services.AddSingleton<IMembershipMoves, MembershipMoves>();
        services.AddSingleton<IMemberCounts, MemberCounts>();
        services.AddSingleton<IMemberSelection, MemberSelection>();
        services.AddSingleton<MemberSecrets>();
        services.AddSingleton<MemberCards>();
        services.AddSingleton<CardCache>();
        services.AddHostedService<CardChangeListener>();
        services.AddScoped<DuplicateMembers>();
        services.AddScoped<MemberNotifier>();
        services.AddScoped<JoinService>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<TransferService>();
        services.AddScoped<MemberSearch>();
        services.AddScoped<MemberDetails>();
        services.AddScoped<MemberUpdates>();
        services.AddScoped<MemberExport>();
        services.AddMemberImport(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapMembersModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        // 403 for a role that may see but not act; 404 (outside the subtree) and 400/409 come from the platform's handler.
        var members = api.MapGroup("");
        Join.Endpoints.Map(members);
        Approvals.Endpoints.Map(members);
        Transfers.Endpoints.Map(members);
        Search.Endpoint.Map(members);
        Detail.Endpoints.Map(members);
        Update.Endpoint.Map(members);
        var pages = app.MapGroup("");
        Export.Endpoint.Map(pages, members);
        Card.Endpoint.Map(pages);
        app.MapMemberImport(api);
        return app;
    }
}
