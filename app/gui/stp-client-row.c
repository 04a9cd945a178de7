/* stp-client-row.c: one row of the client list, the name over the phone or email.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list keeps about thirty of these alive, and they are most of the text laid out
 * before the window's first frame. A GtkLabel that ellipsizes lays its text out four or
 * five times to be measured (as wide as it likes, as narrow as it can, at the height for
 * each width, at its allocation). This row lays it out once: its height does not depend
 * on its width, as its two lines never wrap, and it is only given a width to ellipsize
 * to when the text is wider than the row, which few names are.
 */

#include "config.h"

#include <string.h>

#include "stp-client-row.h"

/* The detail line: libadwaita's "caption" size (the same font as the Follow-ups counts,
 * so no other size is loaded), dimmed as "dim-label" is, through alpha, so that it follows
 * the light or dark text colour. */
#define DETAIL_SIZE_POINTS 9
#define DETAIL_ALPHA       (guint16)(0.55 * G_MAXUINT16)

struct _StpClientRow
{
  GtkWidget    parent_instance;

  PangoLayout *layout;         /* unconstrained unless the row is narrower than its text */
  int          natural_width;  /* of the unconstrained layout, in pixels */
  char        *text;           /* name, newline, detail */
};

G_DEFINE_FINAL_TYPE (StpClientRow, stp_client_row, GTK_TYPE_WIDGET)

static void
update_alignment (StpClientRow *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  pango_layout_set_alignment (self->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

static void
stp_client_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  StpClientRow *self = STP_CLIENT_ROW (widget);
  PangoRectangle logical;

  /* A no-op unless the row was ellipsized; the layout then serves the allocation too. */
  pango_layout_set_width (self->layout, -1);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  self->natural_width = logical.width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Any width will do: what does not fit is ellipsized. */
      *minimum = 0;
      *natural = logical.width;
    }
  else
    {
      *minimum = *natural = logical.height;
      *minimum_baseline = *natural_baseline =
        pango_layout_get_baseline (self->layout) / PANGO_SCALE;
    }
}

/* Ellipsizes the layout to width when its text is wider, and only then. (Setting the same
 * width again is free: Pango keeps the lines it has.) */
static void
fit_layout (StpClientRow *self,
            int           width)
{
  pango_layout_set_width (self->layout,
                          self->natural_width > width ? width * PANGO_SCALE : -1);
}

static void
stp_client_row_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  fit_layout (STP_CLIENT_ROW (widget), width);
}

static void
stp_client_row_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  StpClientRow *self = STP_CLIENT_ROW (widget);
  PangoRectangle logical;
  GdkRGBA color;
  int x = 0;

  /* Measuring lays the text out unconstrained; a measure without a new allocation after
   * it must not leave it overflowing the row. */
  fit_layout (self, gtk_widget_get_width (widget));
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL &&
      pango_layout_get_width (self->layout) < 0)
    x = gtk_widget_get_width (widget) - logical.width;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (x - logical.x,
                                                (gtk_widget_get_height (widget) -
                                                 logical.height) / 2 - logical.y));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
stp_client_row_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous_direction)
{
  update_alignment (STP_CLIENT_ROW (widget));
  GTK_WIDGET_CLASS (stp_client_row_parent_class)->direction_changed (widget,
                                                                     previous_direction);
}

static void
stp_client_row_finalize (GObject *object)
{
  StpClientRow *self = STP_CLIENT_ROW (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (stp_client_row_parent_class)->finalize (object);
}

static void
stp_client_row_class_init (StpClientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = stp_client_row_finalize;
  widget_class->measure = stp_client_row_measure;
  widget_class->size_allocate = stp_client_row_size_allocate;
  widget_class->snapshot = stp_client_row_snapshot;
  widget_class->direction_changed = stp_client_row_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "clientrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
stp_client_row_init (StpClientRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  /* The widget's own Pango context follows its font and the display's font options, and
   * a layout notices when its context changes. */
  self->layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  update_alignment (self);

  gtk_widget_set_margin_top (widget, 8);
  gtk_widget_set_margin_bottom (widget, 8);
  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 6);
}

GtkWidget *
stp_client_row_new (void)
{
  return g_object_new (STP_TYPE_CLIENT_ROW, NULL);
}

static void
insert_attribute (PangoAttrList  *attrs,
                  PangoAttribute *attr,
                  gsize           start,
                  gsize           end)
{
  attr->start_index = (guint)start;
  attr->end_index = (guint)end;
  pango_attr_list_insert (attrs, attr);
}

/* Shows the client's display name in bold over their phone number or, without one, their
 * email address. */
void
stp_client_row_set_client (StpClientRow *self,
                           StpClient    *client)
{
  g_autofree char *name = NULL;
  g_autoptr (PangoAttrList) attrs = pango_attr_list_new ();
  const char *detail;
  gsize name_length;

  g_return_if_fail (STP_IS_CLIENT_ROW (self));
  g_return_if_fail (STP_IS_CLIENT (client));

  name = stp_client_dup_display_name (client);
  name_length = strlen (name);
  detail = stp_client_get_phone (client);
  if (detail == NULL || detail[0] == '\0')
    detail = stp_client_get_email (client);

  g_free (self->text);
  if (detail != NULL && detail[0] != '\0')
    self->text = g_strconcat (name, "\n", detail, NULL);
  else
    self->text = g_steal_pointer (&name);

  insert_attribute (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), 0, name_length);
  if (detail != NULL && detail[0] != '\0')
    {
      gsize end = strlen (self->text);

      insert_attribute (attrs, pango_attr_size_new (DETAIL_SIZE_POINTS * PANGO_SCALE),
                        name_length + 1, end);
      insert_attribute (attrs, pango_attr_foreground_alpha_new (DETAIL_ALPHA),
                        name_length + 1, end);
    }

  pango_layout_set_text (self->layout, self->text, -1);
  pango_layout_set_attributes (self->layout, attrs);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
stp_client_row_get_text (StpClientRow *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_ROW (self), NULL);

  return self->text != NULL ? self->text : "";
}

gboolean
stp_client_row_get_ellipsized (StpClientRow *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_ROW (self), FALSE);

  return pango_layout_is_ellipsized (self->layout);
}
