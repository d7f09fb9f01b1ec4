namespace UnionOne.Modules.Polls.Publishing;

/// <summary>A poll to publish: 2-20 options, each member chooses 1..MaxChoices distinct ones; results "live" or "after-close".</summary>
internal sealed record PollRequest(
    long? UnionId,
    string? Question,
    string? Description,
    IReadOnlyList<string?>? Options,
    int? MaxChoices,
    string? ResultsVisibility,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt);

public sealed record PollOption(int No, string Text);

public sealed record PollView(long Id, long UnionId, string UnionName, string Question, string? Description, int MaxChoices, string ResultsVisibility,
    string ResultsVisibilityLabel, DateTime OpensAt, DateTime ClosesAt, string State, string StateLabel, IReadOnlyList<PollOption> Options, int Voters);

/// <summary>Votes for one option and the share of voters who chose it.</summary>
public sealed record OptionResult(int No, string Text, int Votes, double Percent);

/// <summary>Voters of one union against its active members (参与率).</summary>
public sealed record UnionTurnout(long UnionId, string UnionName, int Depth, int Voters, long ActiveMembers, double Percent);

public sealed record PollResults(PollView Poll, IReadOnlyList<OptionResult> Options, int Voters, long UnionId, string UnionName, IReadOnlyList<UnionTurnout> Turnout,
    int SubtreeVoters, long SubtreeMembers, double SubtreePercent);
