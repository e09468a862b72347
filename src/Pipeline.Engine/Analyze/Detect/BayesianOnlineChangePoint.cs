namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// Bayesian online change point detection (Adams &amp; MacKay 2007) for a Gaussian series whose mean and variance
/// are unknown and change at unknown times: the posterior over the run length (rows since the last change) is updated
/// row by row, each run length carrying the Normal-Gamma posterior of its segment, whose predictive is a Student-t.
/// The run length is bounded: mass that would grow past <c>maxRunLength</c> stays at the longest run kept, so each row
/// costs O(maxRunLength) whatever the series' length. A new run starts from a prior centred on a robust estimate of
/// the recent level and noise (passed in per row), and its first row is judged by that prior's predictive, so a row
/// that every running segment finds implausible but a fresh one would accept moves the mass to run length 0 at once.
/// </summary>
internal sealed class BayesianOnlineChangePoint
{
    private readonly int _maxRun;
    private readonly double _logHazard, _logGrow;
    private readonly double _kappa0, _alpha0;
    // Per run length r (index r): posterior probability and the Normal-Gamma parameters of that segment.
    private double[] _prob, _mu, _kappa, _alpha, _beta;
    private double[] _nextProb, _nextMu, _nextKappa, _nextAlpha, _nextBeta;
    private int _count; // run lengths in use (1 .. maxRun)

    /// <param name="maxRunLength">Longest run length tracked.</param>
    /// <param name="hazard">Prior probability of a change at any row (1 / expected segment length).</param>
    /// <param name="kappa0">Prior pseudo-rows for the segment mean (small: a new segment's level is uncertain).</param>
    /// <param name="alpha0">Prior shape for the segment precision.</param>
    public BayesianOnlineChangePoint(int maxRunLength, double hazard, double kappa0, double alpha0)
    {
        _maxRun = maxRunLength;
        _logHazard = Math.Log(hazard);
        _logGrow = Math.Log(1 - hazard);
        _kappa0 = kappa0;
        _alpha0 = alpha0;
        _prob = new double[maxRunLength]; _mu = new double[maxRunLength]; _kappa = new double[maxRunLength];
        _alpha = new double[maxRunLength]; _beta = new double[maxRunLength];
        _nextProb = new double[maxRunLength]; _nextMu = new double[maxRunLength]; _nextKappa = new double[maxRunLength];
        _nextAlpha = new double[maxRunLength]; _nextBeta = new double[maxRunLength];
    }

    /// <summary>Log predictive density of the last row given the rows before it (mixed over run lengths).</summary>
    public double LastLogPredictive { get; private set; }

    /// <summary>
    /// Learns one row and returns the posterior probability that a change happened within the last
    /// <paramref name="recent"/> rows (run length below it), after seeing this row.
    /// </summary>
    /// <param name="value">The row's value.</param>
    /// <param name="priorMean">Where a new segment's level is expected (e.g. the recent median).</param>
    /// <param name="priorScale">The noise expected within a segment (e.g. the recent robust spread), positive.</param>
    /// <param name="recent">Run lengths counted as "a change just happened".</param>
    public double Next(double value, double priorMean, double priorScale, int recent)
    {
        // The prior's beta makes its expected noise variance (beta / alpha) equal to priorScale².
        double beta0 = _alpha0 * priorScale * priorScale;
        if (_count == 0)
        {
            Start(0, value, priorMean, beta0, 1.0);
            _count = 1;
            return 1;
        }

        // Joint log probabilities (up to a shared constant) of each next run length with this row.
        double changeLog = _logHazard + LogPredictive(value, priorMean, _kappa0, _alpha0, beta0);
        int next = Math.Min(_count + 1, _maxRun);
        Span<double> logs = next <= 1024 ? stackalloc double[next] : new double[next];
        logs[0] = changeLog;
        for (int r = 1; r < next; r++) logs[r] = double.NegativeInfinity;
        for (int r = 0; r < _count; r++)
        {
            if (_prob[r] <= 0) continue;
            double grow = Math.Log(_prob[r]) + _logGrow + LogPredictive(value, _mu[r], _kappa[r], _alpha[r], _beta[r]);
            int to = Math.Min(r + 1, _maxRun - 1);
            // At the bound, the longest run and the one growing into it merge: keep the likelier one's statistics.
            if (to == r && logs[to] > grow) { logs[to] = LogAdd(logs[to], grow); continue; }
            logs[to] = LogAdd(logs[to], grow);
            Update(to, r, value);
        }
        StartNext(0, priorMean, beta0, value);

        double maxLog = double.NegativeInfinity;
        for (int r = 0; r < next; r++) maxLog = Math.Max(maxLog, logs[r]);
        double total = 0;
        for (int r = 0; r < next; r++) total += _nextProb[r] = Math.Exp(logs[r] - maxLog);
        // The probabilities of the previous row summed to 1, so the total is this row's predictive density.
        LastLogPredictive = maxLog + Math.Log(total);
        double early = 0;
        for (int r = 0; r < next; r++)
        {
            _nextProb[r] /= total;
            if (r < recent) early += _nextProb[r];
        }
        (_prob, _nextProb) = (_nextProb, _prob);
        (_mu, _nextMu) = (_nextMu, _mu);
        (_kappa, _nextKappa) = (_nextKappa, _kappa);
        (_alpha, _nextAlpha) = (_nextAlpha, _alpha);
        (_beta, _nextBeta) = (_nextBeta, _beta);
        _count = next;
        return early;
    }

    // Segment at index r after one row: the prior updated with the value.
    private void Start(int r, double value, double priorMean, double beta0, double prob)
    {
        _prob[r] = prob;
        SetPosterior(_mu, _kappa, _alpha, _beta, r, priorMean, _kappa0, _alpha0, beta0, value);
    }

    private void StartNext(int r, double priorMean, double beta0, double value) =>
        SetPosterior(_nextMu, _nextKappa, _nextAlpha, _nextBeta, r, priorMean, _kappa0, _alpha0, beta0, value);

    private void Update(int to, int from, double value) =>
        SetPosterior(_nextMu, _nextKappa, _nextAlpha, _nextBeta, to, _mu[from], _kappa[from], _alpha[from], _beta[from], value);

    // The conjugate Normal-Gamma update with one observation.
    private static void SetPosterior(double[] mu, double[] kappa, double[] alpha, double[] beta, int at,
        double m, double k, double a, double b, double x)
    {
        mu[at] = (k * m + x) / (k + 1);
        kappa[at] = k + 1;
        alpha[at] = a + 0.5;
        beta[at] = b + k * (x - m) * (x - m) / (2 * (k + 1));
    }

    // Log density of the Student-t predictive of a Normal-Gamma(m, k, a, b) segment at x.
    private static double LogPredictive(double x, double m, double k, double a, double b)
    {
        double nu = 2 * a;
        double scale2 = b * (k + 1) / (a * k);
        double z = (x - m) * (x - m) / (nu * scale2);
        return LogGammaRatio(a) - 0.5 * Math.Log(nu * Math.PI * scale2) - (a + 0.5) * double.LogP1(z);
    }

    // log Γ(a + ½) − log Γ(a): exact for small a, its asymptotic series (error below 1e-6 from a = 8) above, since it
    // is needed for every run length on every row.
    private static double LogGammaRatio(double a) => a < 8
        ? MathNet.Numerics.SpecialFunctions.GammaLn(a + 0.5) - MathNet.Numerics.SpecialFunctions.GammaLn(a)
        : 0.5 * Math.Log(a) - 1 / (8 * a) + 1 / (192 * a * a * a);

    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return Math.Max(a, b) + double.LogP1(Math.Exp(-Math.Abs(a - b)));
    }
}
