/* Heavy kernels of the broker analysis, on an undirected graph in CSR form.
 *
 * Compiled on first use by graph/analysis/_kernels.py (cc -O2 -shared -fPIC -pthread) and loaded
 * with ctypes; when no C compiler is there, the same measures run in pure Python.
 *
 * - qn_betweenness: Brandes (2001) accumulation from a set of sources, breadth-first search
 *   (unweighted) or Dijkstra with a binary heap (edge lengths). Shortest paths are counted as
 *   NetworkX counts them: a predecessor is one whose distance plus the edge length equals the
 *   distance exactly (same floating-point expression), so exact results agree with NetworkX.
 *   The result is the sum over sources of the dependencies (ordered pairs), not normalised.
 * - qn_burt: Burt's (1992) constraint and effective size, weighted, with proportional tie
 *   strength p_ij = w_ij / sum_k w_ik and marginal strength m_ij = w_ij / max_k w_ik.
 *
 * Work is split over threads by source (betweenness) or by node (Burt); every thread writes
 * its own partial array, summed at the end in a fixed order, so results do not depend on timing.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int n;
    const int64_t *indptr;
    const int32_t *indices;
    const double *length; /* NULL: unweighted */
    const int32_t *sources;
    int nsources;
    int first, step; /* this thread takes sources[first], sources[first+step], ... */
    double *out;      /* n doubles, this thread's partial sum */
    int failed;
} bc_job;

typedef struct { double d; int32_t v; } heap_item;

static void heap_push(heap_item *h, int64_t *size, double d, int32_t v) {
    int64_t i = (*size)++;
    while (i > 0) {
        int64_t parent = (i - 1) / 2;
        if (h[parent].d <= d) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i].d = d;
    h[i].v = v;
}

static heap_item heap_pop(heap_item *h, int64_t *size) {
    heap_item top = h[0];
    heap_item last = h[--(*size)];
    int64_t i = 0, n = *size;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && h[c + 1].d < h[c].d) c++;
        if (h[c].d >= last.d) break;
        h[i] = h[c];
        i = c;
    }
    if (n > 0) h[i] = last;
    return top;
}

static void *bc_worker(void *arg) {
    bc_job *job = (bc_job *)arg;
    int n = job->n;
    const int64_t *ip = job->indptr;
    const int32_t *ix = job->indices;
    const double *len = job->length;
    double *dist = malloc(sizeof(double) * (size_t)n);
    double *sigma = malloc(sizeof(double) * (size_t)n);
    double *delta = malloc(sizeof(double) * (size_t)n);
    int32_t *order = malloc(sizeof(int32_t) * (size_t)n);
    char *done = malloc((size_t)n);
    int64_t arcs = ip[n];
    int32_t *pred = malloc(sizeof(int32_t) * (size_t)(arcs + 1));
    int32_t *npred = malloc(sizeof(int32_t) * (size_t)n);
    heap_item *heap = len ? malloc(sizeof(heap_item) * (size_t)(arcs + 1)) : NULL;
    if (!dist || !sigma || !delta || !order || !done || !pred || !npred || (len && !heap)) {
        job->failed = 1;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        dist[i] = -1.0; sigma[i] = 0.0; delta[i] = 0.0; done[i] = 0; npred[i] = 0;
    }
    for (int k = job->first; k < job->nsources; k += job->step) {
        int32_t s = job->sources[k];
        int count = 0;
        dist[s] = 0.0;
        sigma[s] = 1.0;
        if (!len) {
            /* breadth-first search; order doubles as the queue */
            int head = 0;
            order[count++] = s;
            while (head < count) {
                int32_t v = order[head++];
                double dv = dist[v] + 1.0;
                for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                    int32_t w = ix[e];
                    if (dist[w] < 0) { dist[w] = dv; order[count++] = w; }
                    if (dist[w] == dv) { sigma[w] += sigma[v]; pred[ip[w] + npred[w]++] = v; }
                }
            }
        } else {
            int64_t hsize = 0;
            heap_push(heap, &hsize, 0.0, s);
            while (hsize > 0) {
                heap_item it = heap_pop(heap, &hsize);
                int32_t v = it.v;
                if (done[v] || it.d != dist[v]) continue;
                done[v] = 1;
                order[count++] = v;
                double dv = dist[v];
                for (int64_t e = ip[v]; e < ip[v + 1]; e++) {
                    int32_t w = ix[e];
                    if (done[w]) continue;
                    double vw = dv + len[e];
                    if (dist[w] < 0 || vw < dist[w]) {
                        dist[w] = vw;
                        sigma[w] = sigma[v];
                        pred[ip[w]] = v;
                        npred[w] = 1;
                        heap_push(heap, &hsize, vw, w);
                    } else if (vw == dist[w]) {
                        sigma[w] += sigma[v];
                        pred[ip[w] + npred[w]++] = v;
                    }
                }
            }
        }
        /* accumulation in reverse order of distance */
        for (int i = count - 1; i >= 0; i--) {
            int32_t w = order[i];
            double coeff = (1.0 + delta[w]) / sigma[w];
            for (int64_t e = ip[w]; e < ip[w] + npred[w]; e++) {
                int32_t v = pred[e];
                delta[v] += sigma[v] * coeff;
            }
            if (w != s) job->out[w] += delta[w];
        }
        for (int i = 0; i < count; i++) {
            int32_t w = order[i];
            dist[w] = -1.0; sigma[w] = 0.0; delta[w] = 0.0; done[w] = 0; npred[w] = 0;
        }
    }
out:
    free(dist); free(sigma); free(delta); free(order); free(done); free(heap);
    free(pred); free(npred);
    return NULL;
}

/* Sum of dependencies over the given sources; out must hold n doubles (set to 0 here).
 * Returns 0, or -1 if memory ran out. */
int qn_betweenness(int n, const int64_t *indptr, const int32_t *indices, const double *length,
                   const int32_t *sources, int nsources, int nthreads, double *out) {
    if (nthreads < 1) nthreads = 1;
    if (nthreads > nsources) nthreads = nsources > 0 ? nsources : 1;
    bc_job *jobs = calloc((size_t)nthreads, sizeof(bc_job));
    pthread_t *threads = calloc((size_t)nthreads, sizeof(pthread_t));
    double *parts = calloc((size_t)nthreads * (size_t)n + 1, sizeof(double));
    int rc = 0;
    if (!jobs || !threads || !parts) { rc = -1; goto out; }
    for (int t = 0; t < nthreads; t++) {
        jobs[t] = (bc_job){n, indptr, indices, length, sources, nsources, t, nthreads,
                           parts + (size_t)t * (size_t)n, 0};
    }
    for (int t = 1; t < nthreads; t++) pthread_create(&threads[t], NULL, bc_worker, &jobs[t]);
    bc_worker(&jobs[0]);
    for (int t = 1; t < nthreads; t++) pthread_join(threads[t], NULL);
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int t = 0; t < nthreads; t++) sum += parts[(size_t)t * (size_t)n + i];
        out[i] = sum;
    }
    for (int t = 0; t < nthreads; t++) if (jobs[t].failed) rc = -1;
out:
    free(jobs); free(threads); free(parts);
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
