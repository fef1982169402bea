/* Heavy kernels of the broker analysis, on an undirected graph in CSR form.
 *
 * Compiled on first use by graph/analysis/_kernels.py (cc -O2 -shared -fPIC -pthread) and loaded
 * with ctypes; when no C compiler is there, the same measures run in pure Python.
 *
 * - qn_betweenness: Brandes (2001) accumulation from a set of sources, breadth-first search
 *   (unweighted) or Dijkstra (edge lengths). Shortest paths are counted as NetworkX counts
 *   them: a predecessor is one whose distance plus the edge length equals the distance exactly
 *   (same floating-point expression), so exact results agree with NetworkX.
 *   The result is the sum over sources of the dependencies (ordered pairs), not normalised.
 *   Dijkstra's queue is a bucket queue (Dial 1969) with buckets narrower than the shortest
 *   edge, so that every node in the lowest bucket is settled and no comparisons are needed;
 *   when edge lengths span more than BUCKET_RATIO, a 4-ary heap with decrease-key. Nodes are
 *   renumbered in breadth-first order first, so that neighbours lie close in memory.
 *   With linear set (for estimates from sampled sources), a pair's dependency is shared by
 *   distance: v on a shortest s-t path gets d(s,v) / d(s,t) of it from source s (Geisberger,
 *   Sanders & Schultes 2008, "linear scaling"); from both ends the shares add up to 1.
 * - qn_burt: Burt's (1992) constraint and effective size, weighted, with proportional tie
 *   strength p_ij = w_ij / sum_k w_ik and marginal strength m_ij = w_ij / max_k w_ik.
 * - qn_roles: Gould-Fernandez brokerage role counts.
 * - qn_droles: the same on directed ties.
 * - qn_bridges: for the reasons of the broker report, the pair of groups between which a node
 *   bridges the most pairs of partners that are not tied to each other.
 *
 * Work is split over threads by source (betweenness) or by node (Burt); every thread writes
 * its own partial array, summed at the end in a fixed order, so results do not depend on timing.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKET_RATIO 4096.0 /* longest / shortest edge up to which the bucket queue is used */

typedef struct { double len; int32_t to; int32_t pad; } arc_t;

/* Per-node values of one search, packed so that reaching a node touches one cache line; whether
 * a node is settled is kept apart in one byte per node (most looks at a neighbour stop there). */
typedef struct {
    double dist;
    double sigma;  /* number of shortest paths from the source */
    double delta;  /* dependency of the source on this node */
    int64_t pbase; /* where this node's predecessors are kept in pred[] */
} node_t;

enum { UNSEEN = 0, QUEUED = 1, SETTLED = 2 };

typedef struct { double d; int32_t v; } hitem;
typedef struct { int32_t v; int32_t next; } bentry;

typedef struct {
    int n;
    const int64_t *indptr; /* renumbered graph */
    const arc_t *arcs;
    int mode;              /* 0 breadth-first, 1 buckets, 2 heap */
    double inv_width;      /* 1 / bucket width */
    int64_t nslots;        /* buckets in the ring, a power of two */
    const int32_t *sources;
    int nsources;
    int linear;      /* 1: dependencies scaled by distance (Geisberger et al. 2008) */
    int first, step; /* this thread takes sources[first], sources[first+step], ... */
    double *out;      /* n doubles, this thread's partial sum */
    int failed;
} bc_job;

static inline void sift_up(hitem *h, int32_t *pos, int32_t i, hitem x) {
    while (i > 0) {
        int32_t p = (i - 1) >> 2;
        if (h[p].d <= x.d) break;
        h[i] = h[p];
        pos[h[i].v] = i;
        i = p;
    }
    h[i] = x;
    pos[x.v] = i;
}

static inline void sift_down(hitem *h, int32_t *pos, int32_t n, hitem x) {
    int32_t i = 0;
    for (;;) {
        int32_t c = 4 * i + 1;
        if (c >= n) break;
        int32_t best = c, end = c + 4 < n ? c + 4 : n;
        double bd = h[c].d;
        for (int32_t k = c + 1; k < end; k++)
            if (h[k].d < bd) { bd = h[k].d; best = k; }
        if (bd >= x.d) break;
        h[i] = h[best];
        pos[h[i].v] = i;
        i = best;
    }
    h[i] = x;
    pos[x.v] = i;
}

static void *bc_worker(void *arg) {
    bc_job *job = (bc_job *)arg;
    int n = job->n;
    const int64_t *ip = job->indptr;
    const arc_t *arcs = job->arcs;
    int64_t narcs = ip[n];
    node_t *nd = malloc(sizeof(node_t) * (size_t)n + 1);
    unsigned char *st = calloc((size_t)n + 1, 1);
    int32_t *npred = calloc((size_t)n + 1, sizeof(int32_t));
    int32_t *order = malloc(sizeof(int32_t) * (size_t)n + 1);
    int32_t *pred = malloc(sizeof(int32_t) * (size_t)(narcs + 1));
    hitem *heap = job->mode == 2 ? malloc(sizeof(hitem) * (size_t)(n + 1)) : NULL;
    int32_t *pos = job->mode == 2 ? malloc(sizeof(int32_t) * (size_t)(n + 1)) : NULL;
    int32_t *heads = job->mode == 1 ? malloc(sizeof(int32_t) * (size_t)job->nslots) : NULL;
    bentry *pool = job->mode == 1 ? malloc(sizeof(bentry) * (size_t)(narcs + 2)) : NULL;
    if (!nd || !st || !npred || !order || !pred || (job->mode == 2 && (!heap || !pos)) ||
        (job->mode == 1 && (!heads || !pool))) {
        job->failed = 1;
        goto out;
    }
    double unseen = INFINITY; /* the distance of a node not reached */
    for (int i = 0; i < n; i++) nd[i] = (node_t){unseen, 0.0, 0.0, ip[i]};
    for (int64_t b = 0; heads && b < job->nslots; b++) heads[b] = -1;
    for (int k = job->first; k < job->nsources; k += job->step) {
        int32_t s = job->sources[k];
        int count = 0;
        nd[s].dist = 0.0;
        nd[s].sigma = 1.0;
        if (job->mode == 0) {
            /* breadth-first search; order doubles as the queue */
            int head = 0;
            order[count++] = s;
            while (head < count) {
                int32_t v = order[head++];
                double dv = nd[v].dist + 1.0, sv = nd[v].sigma;
                for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                    int32_t w = arcs[e].to;
                    node_t *x = nd + w;
                    if (x->dist > dv) { x->dist = dv; order[count++] = w; } /* unseen */
                    if (x->dist == dv) { x->sigma += sv; pred[x->pbase + npred[w]++] = v; }
                }
            }
        } else if (job->mode == 1) {
            /* bucket queue: a bucket is narrower than the shortest edge, so a node in the
             * lowest bucket cannot be reached more cheaply through another node of it */
            int64_t mask = job->nslots - 1, cur = 0, pending = 1;
            int32_t used = 0;
            double inv = job->inv_width;
            pool[used] = (bentry){s, -1};
            heads[0] = used++;
            st[s] = QUEUED;
            while (pending > 0) {
                int64_t slot = cur & mask;
                int32_t entry = heads[slot];
                heads[slot] = -1;
                cur++;
                while (entry >= 0) {
                    int32_t v = pool[entry].v;
                    entry = pool[entry].next;
                    pending--;
                    if (st[v] == SETTLED) continue; /* settled through an earlier entry */
                    st[v] = SETTLED;
                    order[count++] = v;
                    double dv = nd[v].dist, sv = nd[v].sigma;
                    for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                        /* one comparison for most edges: an unseen node's distance is
                         * infinite and a settled node's is below vw */
                        int32_t w = arcs[e].to;
                        node_t *x = nd + w;
                        double vw = dv + arcs[e].len;
                        if (vw < x->dist) {
                            x->dist = vw;
                            x->sigma = sv;
                            pred[x->pbase] = v;
                            npred[w] = 1;
                            int64_t b = (int64_t)(vw * inv) & mask;
                            pool[used] = (bentry){w, heads[b]};
                            heads[b] = used++;
                            pending++;
                        } else if (vw == x->dist && st[w] != SETTLED) {
                            x->sigma += sv;
                            pred[x->pbase + npred[w]++] = v;
                        }
                    }
                }
            }
        } else {
            int32_t hn = 1;
            heap[0] = (hitem){0.0, s};
            pos[s] = 0;
            st[s] = QUEUED;
            while (hn > 0) {
                hitem top = heap[0];
                if (--hn > 0) sift_down(heap, pos, hn, heap[hn]);
                int32_t v = top.v;
                st[v] = SETTLED;
                order[count++] = v;
                double dv = top.d, sv = nd[v].sigma;
                for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                    int32_t w = arcs[e].to;
                    unsigned char sw = st[w];
                    if (sw == SETTLED) continue;
                    node_t *x = nd + w;
                    double vw = dv + arcs[e].len;
                    if (sw == UNSEEN || vw < x->dist) {
                        x->dist = vw;
                        x->sigma = sv;
                        pred[x->pbase] = v;
                        npred[w] = 1;
                        st[w] = QUEUED;
                        sift_up(heap, pos, sw == UNSEEN ? hn++ : pos[w], (hitem){vw, w});
                    } else if (vw == x->dist) {
                        x->sigma += sv;
                        pred[x->pbase + npred[w]++] = v;
                    }
                }
            }
        }
        /* accumulation in reverse order of distance */
        for (int i = count - 1; i >= 0; i--) {
            int32_t w = order[i];
            node_t *x = nd + w;
            const int32_t *pw = pred + x->pbase;
            if (job->linear) {
                /* delta(v) = sum over targets t of sigma_st(v) / sigma_st / d(s,t); the
                 * dependency is d(s,v) * delta(v) */
                double coeff = 1.0 / x->sigma, reach = 1.0 / x->dist;
                for (int32_t j = 0, m = npred[w]; j < m; j++) {
                    node_t *y = nd + pw[j];
                    y->delta += y->sigma * coeff * (reach + x->delta);
                }
            } else {
                double coeff = (1.0 + x->delta) / x->sigma;
                for (int32_t j = 0, m = npred[w]; j < m; j++) {
                    node_t *y = nd + pw[j];
                    y->delta += y->sigma * coeff;
                }
            }
            if (w != s) job->out[w] += job->linear ? x->dist * x->delta : x->delta;
            /* nothing reads w again in this search: clear it for the next source */
            x->dist = unseen;
            x->sigma = 0.0;
            x->delta = 0.0;
            st[w] = UNSEEN;
            npred[w] = 0;
        }
    }
out:
    free(nd); free(st); free(npred); free(order); free(pred); free(heap); free(pos); free(heads);
    free(pool);
    return NULL;
}

/* Breadth-first order from each not yet reached node in turn: perm[new] = old, inv[old] = new. */
static void locality_order(int n, const int64_t *ip, const int32_t *ix, int32_t *perm,
                           int32_t *inv) {
    for (int i = 0; i < n; i++) inv[i] = -1;
    int count = 0;
    for (int root = 0; root < n; root++) {
        if (inv[root] >= 0) continue;
        int head = count;
        inv[root] = count;
        perm[count++] = root;
        while (head < count) {
            int32_t v = perm[head++];
            for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                int32_t w = ix[e];
                if (inv[w] < 0) { inv[w] = count; perm[count++] = w; }
            }
        }
    }
}

/* Sum of dependencies over the given sources; out must hold n doubles.
 * length: NULL for unweighted, else positive finite edge lengths; linear: see above.
 * Returns 0, or -1 if memory ran out. */
int qn_betweenness(int n, const int64_t *indptr, const int32_t *indices, const double *length,
                   const int32_t *sources, int nsources, int linear, int nthreads, double *out) {
    if (nthreads < 1) nthreads = 1;
    if (nthreads > nsources) nthreads = nsources > 0 ? nsources : 1;
    int64_t narcs = indptr[n];
    bc_job *jobs = calloc((size_t)nthreads, sizeof(bc_job));
    pthread_t *threads = calloc((size_t)nthreads, sizeof(pthread_t));
    double *parts = calloc((size_t)nthreads * (size_t)n + 1, sizeof(double));
    int32_t *perm = malloc(sizeof(int32_t) * (size_t)n + 4);
    int32_t *inv = malloc(sizeof(int32_t) * (size_t)n + 4);
    int64_t *pip = malloc(sizeof(int64_t) * (size_t)(n + 1));
    arc_t *parcs = malloc(sizeof(arc_t) * (size_t)(narcs + 1));
    int32_t *psrc = malloc(sizeof(int32_t) * (size_t)nsources + 4);
    int rc = 0;
    if (!jobs || !threads || !parts || !perm || !inv || !pip || !parcs || !psrc) {
        rc = -1;
        goto out;
    }
    locality_order(n, indptr, indices, perm, inv);
    double shortest = INFINITY, longest = 0.0;
    pip[0] = 0;
    for (int i = 0; i < n; i++) {
        int32_t old = perm[i];
        int64_t k = pip[i];
        for (int64_t e = indptr[old]; e < indptr[old + 1]; e++, k++) {
            double len = length ? length[e] : 1.0;
            parcs[k] = (arc_t){len, inv[indices[e]], 0};
            if (len < shortest) shortest = len;
            if (len > longest) longest = len;
        }
        pip[i + 1] = k;
    }
    for (int k = 0; k < nsources; k++) psrc[k] = inv[sources[k]];
    int mode = length == NULL ? 0 : 2;
    double inv_width = 0.0;
    int64_t nslots = 0;
    if (length && narcs > 0 && shortest > 0 && longest <= shortest * BUCKET_RATIO) {
        /* width a little under the shortest edge: a relaxed edge always lands in a later
         * bucket, also after rounding */
        double width = shortest * (1.0 - 1e-6);
        inv_width = 1.0 / width;
        int64_t need = (int64_t)ceil(longest * inv_width) + 3;
        for (nslots = 1; nslots < need; nslots *= 2) {}
        mode = 1;
    }
    for (int t = 0; t < nthreads; t++)
        jobs[t] = (bc_job){n, pip, parcs, mode, inv_width, nslots, psrc, nsources, linear, t,
                           nthreads,
                           parts + (size_t)t * (size_t)n, 0};
    for (int t = 1; t < nthreads; t++) pthread_create(&threads[t], NULL, bc_worker, &jobs[t]);
    bc_worker(&jobs[0]);
    for (int t = 1; t < nthreads; t++) pthread_join(threads[t], NULL);
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int t = 0; t < nthreads; t++) sum += parts[(size_t)t * (size_t)n + inv[i]];
        out[i] = sum;
    }
    for (int t = 0; t < nthreads; t++) if (jobs[t].failed) rc = -1;
out:
    free(jobs); free(threads); free(parts); free(perm); free(inv); free(pip); free(parcs);
    free(psrc);
    return rc;
}

typedef struct {
    int n;
    const int64_t *indptr;
    const int32_t *indices;
    const double *weight;
    const double *strength; /* sum of a node's tie weights */
    const double *strongest; /* max of a node's tie weights */
    int first, step;
    double *constraint, *esize;
    int failed;
} burt_job;

static void *burt_worker(void *arg) {
    burt_job *job = (burt_job *)arg;
    const int64_t *ip = job->indptr;
    const int32_t *ix = job->indices;
    const double *w = job->weight;
    double *p = calloc((size_t)job->n, sizeof(double)); /* p[q] = p_iq for the current i */
    if (!p) { job->failed = 1; return NULL; }
    for (int i = job->first; i < job->n; i += job->step) {
        if (ip[i] == ip[i + 1] || job->strength[i] <= 0) {
            job->constraint[i] = NAN;
            job->esize[i] = NAN;
            continue;
        }
        for (int64_t e = ip[i]; e < ip[i + 1]; e++) p[ix[e]] = w[e] / job->strength[i];
        double c = 0.0, es = 0.0;
        for (int64_t e = ip[i]; e < ip[i + 1]; e++) {
            int32_t j = ix[e];
            double indirect = 0.0, redundancy = 0.0;
            for (int64_t f = ip[j]; f < ip[j + 1]; f++) {
                int32_t q = ix[f];
                if (p[q] == 0.0 || q == i) continue;
                indirect += p[q] * (w[f] / job->strength[q]);       /* p_iq * p_qj */
                redundancy += p[q] * (w[f] / job->strongest[j]);    /* p_iq * m_jq */
            }
            double local = p[j] + indirect;
            c += local * local;
            es += 1.0 - redundancy;
        }
        for (int64_t e = ip[i]; e < ip[i + 1]; e++) p[ix[e]] = 0.0;
        job->constraint[i] = c;
        job->esize[i] = es;
    }
    free(p);
    return NULL;
}

/* Burt's constraint and effective size of every node (NaN for a node without ties). */
int qn_burt(int n, const int64_t *indptr, const int32_t *indices, const double *weight,
            int nthreads, double *constraint, double *esize) {
    double *strength = calloc((size_t)n + 1, sizeof(double));
    double *strongest = calloc((size_t)n + 1, sizeof(double));
    if (nthreads < 1) nthreads = 1;
    burt_job *jobs = calloc((size_t)nthreads, sizeof(burt_job));
    pthread_t *threads = calloc((size_t)nthreads, sizeof(pthread_t));
    int rc = 0;
    if (!strength || !strongest || !jobs || !threads) { rc = -1; goto out; }
    for (int i = 0; i < n; i++) {
        for (int64_t e = indptr[i]; e < indptr[i + 1]; e++) {
            strength[i] += weight[e];
            if (weight[e] > strongest[i]) strongest[i] = weight[e];
        }
    }
    for (int t = 0; t < nthreads; t++) {
        jobs[t] = (burt_job){n, indptr, indices, weight, strength, strongest, t, nthreads,
                             constraint, esize, 0};
    }
    for (int t = 1; t < nthreads; t++) pthread_create(&threads[t], NULL, burt_worker, &jobs[t]);
    burt_worker(&jobs[0]);
    for (int t = 1; t < nthreads; t++) pthread_join(threads[t], NULL);
    for (int t = 0; t < nthreads; t++) if (jobs[t].failed) rc = -1;
out:
    free(strength); free(strongest); free(jobs); free(threads);
    return rc;
}

/* Gould-Fernandez brokerage roles of every node (undirected, every tie read both ways).
 * group[i] is a small integer. out holds 5 * n ints: coordinator, itinerant, gatekeeper,
 * representative, liaison. Ordered pairs (a, b) of distinct partners of v not tied to each
 * other are counted from the group sizes among v's partners, minus the tied pairs. */
int qn_roles(int n, const int64_t *indptr, const int32_t *indices, const int32_t *group,
             int ngroups, int64_t *out) {
    int64_t *count = calloc((size_t)ngroups + 1, sizeof(int64_t));
    int32_t *stamp = malloc(sizeof(int32_t) * (size_t)n);
    if (!count || !stamp) { free(count); free(stamp); return -1; }
    for (int i = 0; i < n; i++) stamp[i] = -1;
    for (int v = 0; v < n; v++) {
        int32_t gv = group[v];
        int64_t d = 0;
        for (int64_t e = indptr[v]; e < indptr[v + 1]; e++) {
            int32_t a = indices[e];
            if (a == v || stamp[a] == v) continue;
            stamp[a] = v;
            count[group[a]]++;
            d++;
        }
        int64_t same_v = 0, one_v = 0, same_other = 0, diff_other = 0;
        for (int64_t e = indptr[v]; e < indptr[v + 1]; e++) {
            int32_t a = indices[e];
            if (a == v) continue;
            for (int64_t f = indptr[a]; f < indptr[a + 1]; f++) {
                int32_t b = indices[f];
                if (b <= a || b == v || stamp[b] != v) continue;
                int32_t ga = group[a], gb = group[b];
                if (ga == gv && gb == gv) same_v++;
                else if (ga == gv || gb == gv) one_v++;
                else if (ga == gb) same_other++;
                else diff_other++;
            }
        }
        int64_t cv = count[gv], others = d - cv, sq_other = 0, itinerant = 0;
        for (int64_t e = indptr[v]; e < indptr[v + 1]; e++) {
            int32_t a = indices[e];
            int32_t g = group[a];
            if (a == v || g == gv || count[g] == 0) continue;
            sq_other += count[g] * count[g];
            itinerant += count[g] * (count[g] - 1);
            count[g] = 0; /* each group once */
        }
        count[gv] = 0;
        int64_t rep = cv * others - one_v;
        out[5 * (int64_t)v + 0] = cv * (cv - 1) - 2 * same_v;
        out[5 * (int64_t)v + 1] = itinerant - 2 * same_other;
        out[5 * (int64_t)v + 2] = rep;
        out[5 * (int64_t)v + 3] = rep;
        out[5 * (int64_t)v + 4] = others * others - sq_other - 2 * diff_other;
    }
    free(count); free(stamp);
    return 0;
}

/* The role index (as in qn_roles' output) of a two-path a -> v -> b with these groups. */
static int role_of(int32_t ga, int32_t gv, int32_t gb) {
    if (ga == gv) return gb == gv ? 0 : 3;  /* coordinator, representative */
    if (gb == gv) return 2;                 /* gatekeeper */
    return ga == gb ? 1 : 4;                /* itinerant, liaison */
}

/* Gould-Fernandez brokerage roles on directed ties (graph.analysis.directed). op/ox: every
 * node's out-partners, ip/ix: its in-partners. A two-path a -> v -> b (a != b) counts unless
 * a -> b is a tie. Per v: products of the in- and out-partners' group sizes, minus the pairs
 * a -> v -> a and the tied pairs (each in-partner a's out-partners that are v's out-partners).
 * out: 5 * n ints in qn_roles' order. Returns 0, or -1 if memory ran out. */
int qn_droles(int n, const int64_t *op, const int32_t *ox, const int64_t *ip, const int32_t *ix,
              const int32_t *group, int ngroups, int64_t *out) {
    int64_t *cin = calloc((size_t)ngroups + 1, sizeof(int64_t));
    int64_t *cout = calloc((size_t)ngroups + 1, sizeof(int64_t));
    int32_t *sin = malloc(sizeof(int32_t) * (size_t)n + 4);
    int32_t *sout = malloc(sizeof(int32_t) * (size_t)n + 4);
    if (!cin || !cout || !sin || !sout) { free(cin); free(cout); free(sin); free(sout); return -1; }
    for (int i = 0; i < n; i++) sin[i] = sout[i] = -1;
    for (int v = 0; v < n; v++) {
        int32_t gv = group[v];
        int64_t nin = 0, nout = 0, *r = out + 5 * (int64_t)v;
        for (int64_t e = op[v]; e < op[v + 1]; e++) {
            int32_t b = ox[e];
            if (b == v || sout[b] == v) continue;
            sout[b] = v; cout[group[b]]++; nout++;
        }
        for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
            int32_t a = ix[e];
            if (a == v || sin[a] == v) continue;
            sin[a] = v; cin[group[a]]++; nin++;
        }
        int64_t iv = cin[gv], ov = cout[gv], same_other = 0;
        for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
            int32_t g = group[ix[e]];
            if (ix[e] == v || g == gv || cin[g] == 0) continue;
            same_other += cin[g] * cout[g];
            cin[g] = 0; /* each group once */
        }
        r[0] = iv * ov;
        r[1] = same_other;
        r[2] = (nin - iv) * ov;
        r[3] = iv * (nout - ov);
        r[4] = (nin - iv) * (nout - ov) - same_other;
        for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
            int32_t a = ix[e];
            if (a == v || sin[a] != v) continue;
            sin[a] = -2 - v; /* each in-partner once */
            int32_t ga = group[a];
            if (sout[a] == v) r[role_of(ga, gv, ga)]--; /* a -> v -> a */
            for (int64_t f = op[a]; f < op[a + 1]; f++) {
                int32_t b = ox[f];
                if (b != v && b != a && sout[b] == v) r[role_of(ga, gv, group[b])]--;
            }
        }
        for (int64_t e = op[v]; e < op[v + 1]; e++) cout[group[ox[e]]] = 0;
        for (int64_t e = ip[v]; e < ip[v + 1]; e++) cin[group[ix[e]]] = 0;
    }
    free(cin); free(cout); free(sin); free(sout);
    return 0;
}

/* For the reasons of the broker report: for every node v in which[], the pair of groups
 * (g1, g2) between which v bridges the most ordered pairs of partners (a in g1, b in g2) that
 * are not tied to each other, as graph.analysis.brokers._reasons counts them. Among equal
 * counts the pair with the smallest (strrank[g1], strrank[g2]) wins; only pairs with
 * keyrank[g1] < keyrank[g2] are looked at (the counts are symmetric).
 * best holds 5 ints per node: left group, right group (-1: none), pairs, left and right
 * partners in such pairs (the larger side left); kinds holds 2 * nkinds counts per node, the
 * kinds (0..nkinds-1) of the partners on the left, then on the right.
 * Returns 0, or -1 if memory ran out. */
int qn_bridges(int n, const int64_t *ip, const int32_t *ix, const int32_t *group, int ngroups,
               const int32_t *keyrank, const int32_t *strrank, const int32_t *kind, int nkinds,
               const int32_t *which, int nwhich, int64_t *best, int64_t *kinds) {
    int32_t *mark = malloc(sizeof(int32_t) * (size_t)n + 4);
    int32_t *local = malloc(sizeof(int32_t) * (size_t)ngroups + 4);
    int32_t *touched = malloc(sizeof(int32_t) * (size_t)ngroups + 4);
    int64_t *size = calloc((size_t)ngroups + 1, sizeof(int64_t));
    int64_t *linked = calloc((size_t)ngroups + 1, sizeof(int64_t));
    int64_t *open = NULL;
    size_t cap = 0;
    int rc = 0;
    if (!mark || !local || !touched || !size || !linked) { rc = -1; goto out; }
    for (int i = 0; i < n; i++) mark[i] = -1;
    for (int g = 0; g < ngroups; g++) local[g] = -1;
    for (int k = 0; k < nwhich; k++) {
        int32_t v = which[k];
        int64_t *res = best + 5 * (int64_t)k;
        int64_t *kin = kinds + 2 * (int64_t)nkinds * k;
        res[0] = res[1] = -1;
        res[2] = res[3] = res[4] = 0;
        for (int j = 0; j < 2 * nkinds; j++) kin[j] = 0;
        int32_t t = 0;
        for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
            int32_t a = ix[e];
            if (a == v || mark[a] == v) continue;
            mark[a] = v;
            int32_t g = group[a];
            if (local[g] < 0) { local[g] = t; touched[t++] = g; size[local[g]] = 0; }
            size[local[g]]++;
        }
        if (t > 1) {
            if ((size_t)t * (size_t)t > cap) {
                free(open);
                cap = (size_t)t * (size_t)t;
                open = malloc(sizeof(int64_t) * cap);
                if (!open) { rc = -1; goto out; }
            }
            memset(open, 0, sizeof(int64_t) * (size_t)t * (size_t)t);
            for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                int32_t a = ix[e];
                if (a == v || mark[a] != v) continue;
                int32_t la = local[group[a]];
                for (int64_t f = ip[a]; f < ip[a + 1]; f++) {
                    int32_t b = ix[f];
                    if (b != a && mark[b] == v) linked[local[group[b]]]++;
                }
                for (int32_t h = 0; h < t; h++) {
                    int64_t free_pairs = size[h] - linked[h];
                    if (h != la && free_pairs > 0) open[(int64_t)la * t + h] += free_pairs;
                    linked[h] = 0;
                }
            }
            int32_t bi = -1, bj = -1;
            for (int32_t i = 0; i < t; i++) {
                for (int32_t j = 0; j < t; j++) {
                    int64_t c = open[(int64_t)i * t + j];
                    if (i == j || c <= 0 || keyrank[touched[i]] > keyrank[touched[j]]) continue;
                    if (bi < 0) { bi = i; bj = j; continue; }
                    int64_t cb = open[(int64_t)bi * t + bj];
                    int32_t r1 = strrank[touched[i]], r2 = strrank[touched[j]];
                    int32_t b1 = strrank[touched[bi]], b2 = strrank[touched[bj]];
                    if (c > cb || (c == cb && (r1 < b1 || (r1 == b1 && r2 < b2)))) {
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi >= 0) {
                int64_t nside[2] = {0, 0};
                int64_t side_kinds[2][64];
                int nk = nkinds < 64 ? nkinds : 64;
                for (int j = 0; j < nk; j++) side_kinds[0][j] = side_kinds[1][j] = 0;
                for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                    int32_t a = ix[e];
                    if (a == v || mark[a] != v) continue;
                    int32_t la = local[group[a]];
                    if (la != bi && la != bj) continue;
                    int32_t other = la == bi ? bj : bi;
                    int64_t tied = 0;
                    for (int64_t f = ip[a]; f < ip[a + 1]; f++) {
                        int32_t b = ix[f];
                        if (b != a && mark[b] == v && local[group[b]] == other) tied++;
                    }
                    if (size[other] - tied > 0) {
                        int side = la == bi ? 0 : 1;
                        nside[side]++;
                        if (kind[a] >= 0 && kind[a] < nk) side_kinds[side][kind[a]]++;
                    }
                }
                int left = nside[1] > nside[0] ? 1 : 0;
                res[0] = touched[left ? bj : bi];
                res[1] = touched[left ? bi : bj];
                res[2] = open[(int64_t)bi * t + bj];
                res[3] = nside[left];
                res[4] = nside[1 - left];
                for (int j = 0; j < nk; j++) {
                    kin[j] = side_kinds[left][j];
                    kin[nkinds + j] = side_kinds[1 - left][j];
                }
            }
        }
        for (int32_t h = 0; h < t; h++) local[touched[h]] = -1;
    }
out:
    free(mark); free(local); free(touched); free(size); free(linked); free(open);
    return rc;
}
