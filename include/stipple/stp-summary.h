/* stp-summary.h: the content of a consultation summary, gathered and worded for print.
 *
 * The layout (pages, fonts) belongs to the interface; this is what the summary says, in
 * order, as sections of labelled rows.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "stp-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *label;   /* NULL for a row that is only text */
  char  *value;   /* may hold several paragraphs separated by "\n" */
} StpSummaryRow;

/* A picture in a section, shown after its rows with its caption under it. */
typedef struct
{
  GBytes  *png;       /* RGB, no alpha */
  int      width;     /* pixels */
  int      height;
  char    *caption;   /* may hold several lines separated by "\n" */
} StpSummaryImage;

typedef struct
{
  char       *title;
  GPtrArray  *rows;     /* StpSummaryRow */
  GPtrArray  *images;   /* StpSummaryImage; NULL when the section has none */
} StpSummarySection;

/* The longer side of the pictures a summary holds, in pixels: sharp on paper at a page's
 * width, without carrying a full-resolution photo into a PDF. */
#define STP_SUMMARY_IMAGE_MAX_SIDE 1600

typedef struct
{
  char       *clinic_name;      /* NULL when not set in Preferences */
  char       *clinic_details;   /* address and phone, one per line; NULL when none */
  char       *title;            /* "Consultation Summary" */
  char       *client_name;
  char       *date;             /* the consultation date, in the locale's format */
  GPtrArray  *sections;         /* StpSummarySection */
  GBytes     *signature_png;    /* the standing consent's signature; NULL if none */
  /* The hairline sketch's section ("Hairline Plan and Preview") when the client has a
   * sketch: its images are the drawn plan over the photo, then the simulated healed
   * result; NULL when there is no sketch. Also in sections. */
  StpSummarySection *sketch_section;
} StpSummary;

/* Gathers everything about a consultation that its summary shows. today judges date-based
 * screening rules (NULL: now). The hairline sketch's pictures are made here too (a photo
 * is decoded at STP_SUMMARY_IMAGE_MAX_SIDE at most); a sketch or photo that cannot be
 * read leaves them out with a line saying why, never failing the summary. */
StpSummary  *stp_summary_new_for_consultation (StpStore     *store,
                                               gint64        consultation_id,
                                               const GDate  *today,
                                               GError      **error);
void         stp_summary_free                 (StpSummary   *summary);
/* Text wrapped by hand (a consent text) as paragraphs the reader's width wraps: single
 * line breaks become spaces; blank lines and lines that start a list item stay. Words
 * never change. */
char        *stp_summary_unwrap_text          (const char   *text);
/* The whole summary as plain text, a section after another; for tests and logs. */
char        *stp_summary_to_text              (StpSummary   *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSummary, stp_summary_free)

G_END_DECLS
