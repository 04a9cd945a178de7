/* stp-sketch-page.c: the sketch editor: the canvas with its tools, layers and versions.
 *
 * The page owns the sketch being edited and its history; the canvas draws and edits it,
 * the store saves it as named versions. Everything here is wiring: what a tool does is
 * the canvas's business, what a version may do is the store's.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-sketch-page"

#include "stp-sketch-page.h"
#include "stp-preview-view.h"

#include <glib/gi18n.h>
#include <math.h>

/* A sketch without a photo is drawn on paper of this size (photo pixels, 4:3). */
#define PAPER_WIDTH   2000
#define PAPER_HEIGHT  1500
#define THUMB_SIDE    256
/* Slider moves and typing closer together than this are one undo step. */
#define EDIT_GROUP_MS 600

struct _StpSketchPage
{
  AdwBin             parent_instance;

  StpStore          *store;
  StpSketchHistory  *history;
  StpSketch         *sketch;
  GdkPixbuf         *photo;
  gint64             client_id;
  gint64             photo_id;
  gint64             version_id;
  gboolean           locked;
  char              *title;
  gboolean           syncing;       /* updating controls from the model */
  guint              edit_group_source;

  AdwToastOverlay   *toast_overlay;
  StpSketchCanvas   *canvas;
  GtkStack          *view_stack;    /* the canvas, or the SMP preview of the same sketch */
  StpPreviewView    *preview;       /* built the first time Preview is turned on */
  GdkPixbuf         *preview_skin;  /* what a sketch without a photo is previewed on */
  GtkWidget         *preview_button;
  GtkWidget         *tool_strip;
  GtkWidget         *tool_buttons[STP_SKETCH_N_TOOLS];
  GtkWidget         *undo_button;
  GtkWidget         *redo_button;
  GtkWidget         *mirror_button;
  GtkWidget         *guides_button;
  GtkWidget         *zoom_button;
  GtkWidget         *layer_checks[STP_SKETCH_N_LAYERS];
  GtkWidget         *layer_scales[STP_SKETCH_N_LAYERS];
  GtkWidget         *locked_revealer;
  GtkWidget         *options_stack;
  GtkWidget         *pen_width_spin;
  GtkWidget         *role_dropdown;
  GtkWidget         *density_spin;
  GtkWidget         *shade_entry;
  GtkWidget         *status_label;

  /* The open name dialog and what it checks against. */
  GtkWidget         *name_dialog;
  GtkWidget         *name_entry;
  GtkWidget         *name_error;
  GPtrArray         *taken_names;
  StpSketchPageLeaveFunc after_save;
  gpointer           after_save_data;
  /* A leave that waits for its save (and maybe the save's name dialog). */
  gpointer           pending_leave;

  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (StpSketchPage, stp_sketch_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (StpSketchPage *self,
       const char    *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
toast_error (StpSketchPage *self,
             const char    *what,
             const GError  *error)
{
  g_autofree char *message = g_strdup_printf ("%s %s", what, error->message);

  toast (self, message);
}

static void
set_title (StpSketchPage *self,
           const char    *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

GdkPixbuf *
stp_sketch_page_load_photo (const char  *path,
                            GError     **error)
{
  /* Through the photo gate's loader: the file is checked again before decoding, turned
   * upright from its EXIF orientation (HEIC by its decoder), and kept at full size so the
   * sketch's coordinates are the photo's own pixels. */
  return stp_photo_load_at_size (path, 0, 0, NULL, error);
}

/* Controls follow the model (undo changes layers and guides too). */

static void
sync_layers (StpSketchPage *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < STP_SKETCH_N_LAYERS; i++)
    {
      gboolean visible = self->sketch != NULL && stp_sketch_get_layer_visible (self->sketch, i);
      double opacity = self->sketch != NULL ? stp_sketch_get_layer_opacity (self->sketch, i) : 1;

      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->layer_checks[i]), visible);
      gtk_range_set_value (GTK_RANGE (self->layer_scales[i]), round (opacity * 100));
      gtk_widget_set_sensitive (self->layer_scales[i], visible);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->guides_button),
                                self->sketch != NULL &&
                                stp_sketch_get_guides_visible (self->sketch));
  self->syncing = FALSE;
}

static void
sync_history (StpSketchPage *self)
{
  gboolean can_undo = self->history != NULL && stp_sketch_history_can_undo (self->history);
  gboolean can_redo = self->history != NULL && stp_sketch_history_can_redo (self->history);
  const char *undo = can_undo ? stp_sketch_history_get_undo_label (self->history) : NULL;
  const char *redo = can_redo ? stp_sketch_history_get_redo_label (self->history) : NULL;
  g_autofree char *undo_tip = undo != NULL ?
                              g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo) :
                              g_strdup (_("Undo (Ctrl+Z)"));
  g_autofree char *redo_tip = redo != NULL ?
                              g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo) :
                              g_strdup (_("Redo (Ctrl+Shift+Z)"));

  gtk_widget_set_sensitive (self->undo_button, can_undo);
  gtk_widget_set_sensitive (self->redo_button, can_redo);
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
history_notify_cb (StpSketchPage *self,
                   GParamSpec    *pspec)
{
  sync_history (self);
  if (g_strcmp0 (pspec->name, "modified") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
sketch_changed_cb (StpSketch           *sketch,
                   guint                what,
                   const StpSketchRect *rect,
                   StpSketchPage       *self)
{
  if (what & (STP_SKETCH_CHANGE_LAYERS | STP_SKETCH_CHANGE_GUIDES))
    sync_layers (self);
  /* Every step changes what undo would take back. */
  sync_history (self);
}

static void
zoom_notify_cb (StpSketchPage *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f %%",
                                            stp_sketch_canvas_get_zoom (self->canvas) * 100);

  gtk_button_set_label (GTK_BUTTON (self->zoom_button), label);
}

static void
status_notify_cb (StpSketchPage *self)
{
  const char *status = stp_sketch_canvas_get_status (self->canvas);

  gtk_label_set_label (GTK_LABEL (self->status_label), status != NULL ? status : "");
  /* A narrow window cuts the hint short: the whole of it on hover. */
  gtk_widget_set_tooltip_text (self->status_label, status);
}

static const StpSketchItem *selected_region (StpSketchPage *self);
static void region_options_changed_cb (StpSketchPage *self);

/* The options bar: line width for pen and curve, role, density and shade for the region
 * tool, and the same for a region the select tool picked (filled in from it). */
static void
update_options (StpSketchPage *self)
{
  StpSketchTool tool = stp_sketch_canvas_get_tool (self->canvas);
  const StpSketchItem *region = selected_region (self);
  const char *page = tool == STP_SKETCH_TOOL_PEN || tool == STP_SKETCH_TOOL_CURVE ? "pen" :
                     tool == STP_SKETCH_TOOL_REGION || region != NULL ? "region" : "none";

  if (region != NULL)
    {
      self->syncing = TRUE;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->role_dropdown), region->role);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->density_spin), region->density);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->shade_entry)),
                     region->shade) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->shade_entry), region->shade);
      self->syncing = FALSE;
      gtk_widget_set_visible (self->density_spin, region->role == STP_SKETCH_ROLE_TREATMENT);
      gtk_widget_set_visible (self->shade_entry, region->role == STP_SKETCH_ROLE_TREATMENT);
    }
  else if (tool == STP_SKETCH_TOOL_REGION)
    {
      /* What the bar shows is what the next region gets. */
      region_options_changed_cb (self);
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->options_stack), page);
}

static void
tool_notify_cb (StpSketchPage *self)
{
  StpSketchTool tool = stp_sketch_canvas_get_tool (self->canvas);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->tool_buttons[tool]), TRUE);
  update_options (self);
}

static void
mirror_notify_cb (StpSketchPage *self)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mirror_button),
                                stp_sketch_canvas_get_mirror (self->canvas));
}

/* Control callbacks. */

static void
tool_toggled_cb (GtkToggleButton *button,
                 StpSketchPage   *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  stp_sketch_canvas_set_tool (self->canvas,
                              GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "tool")));
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
mirror_toggled_cb (GtkToggleButton *button,
                   StpSketchPage   *self)
{
  stp_sketch_canvas_set_mirror (self->canvas, gtk_toggle_button_get_active (button));
}

static void
guides_toggled_cb (GtkToggleButton *button,
                   StpSketchPage   *self)
{
  gboolean active = gtk_toggle_button_get_active (button);

  if (self->syncing || self->history == NULL ||
      active == stp_sketch_get_guides_visible (self->sketch))
    return;
  stp_sketch_history_set_guides_visible (self->history, active);
}

static void
layer_check_toggled_cb (GtkCheckButton *check,
                        StpSketchPage  *self)
{
  StpSketchLayer layer = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "layer"));

  if (self->syncing || self->history == NULL)
    return;
  stp_sketch_history_set_layer_visible (self->history, layer,
                                        gtk_check_button_get_active (check));
}

static gboolean
edit_group_end_cb (gpointer user_data)
{
  StpSketchPage *self = user_data;

  self->edit_group_source = 0;
  if (self->history != NULL)
    stp_sketch_history_end_group (self->history);
  return G_SOURCE_REMOVE;
}

static void
end_edit_group (StpSketchPage *self)
{
  if (self->edit_group_source != 0)
    {
      g_clear_handle_id (&self->edit_group_source, g_source_remove);
      if (self->history != NULL)
        stp_sketch_history_end_group (self->history);
    }
}

/* A slider drag or a word typed is one step: the group closes a moment after the last
 * change. */
static void
continue_edit_group (StpSketchPage *self,
                     const char    *label)
{
  if (self->edit_group_source == 0)
    stp_sketch_history_begin_group (self->history, label);
  else
    g_source_remove (self->edit_group_source);
  self->edit_group_source = g_timeout_add (EDIT_GROUP_MS, edit_group_end_cb, self);
}

static void
layer_scale_changed_cb (GtkRange      *range,
                        StpSketchPage *self)
{
  StpSketchLayer layer = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (range), "layer"));

  if (self->syncing || self->history == NULL)
    return;

  continue_edit_group (self, _("Layer opacity"));

  stp_sketch_history_set_layer_opacity (self->history, layer,
                                        gtk_range_get_value (range) / 100.0);
}

static void
pen_width_changed_cb (GtkSpinButton *spin,
                      StpSketchPage *self)
{
  stp_sketch_canvas_set_pen_width (self->canvas, gtk_spin_button_get_value (spin));
}

/* The region the select tool has picked, whose options the bar then shows and edits. */
static const StpSketchItem *
selected_region (StpSketchPage *self)
{
  guint32 id = stp_sketch_canvas_get_selected (self->canvas);
  const StpSketchItem *item;

  if (self->sketch == NULL || id == 0 ||
      stp_sketch_canvas_get_tool (self->canvas) != STP_SKETCH_TOOL_SELECT)
    return NULL;
  item = stp_sketch_lookup_item (self->sketch, id);
  return item != NULL && item->kind == STP_SKETCH_ITEM_REGION ? item : NULL;
}

static void
edit_selected_region (StpSketchPage       *self,
                      const StpSketchItem *region,
                      StpSketchRegionRole  role,
                      double               density,
                      const char          *shade)
{
  StpSketchItem *edited = stp_sketch_item_copy (region);

  /* A scar lives on the scars layer in red; an area on the areas layer in green, as the
   * region tool makes them. */
  if (role != edited->role)
    {
      edited->layer = role == STP_SKETCH_ROLE_SCAR ? STP_SKETCH_LAYER_SCARS :
                                                     STP_SKETCH_LAYER_AREAS;
      edited->color = role == STP_SKETCH_ROLE_SCAR ? 0xc01c28ff : 0x26a269ff;
    }
  edited->role = role;
  edited->density = role == STP_SKETCH_ROLE_TREATMENT ? density : 0;
  stp_sketch_item_set_shade (edited, role == STP_SKETCH_ROLE_TREATMENT ? shade : "");
  continue_edit_group (self, _("Change area"));
  stp_sketch_history_replace_item (self->history, edited);
}

static void
region_options_changed_cb (StpSketchPage *self)
{
  guint role = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->role_dropdown));
  gboolean treatment = role == STP_SKETCH_ROLE_TREATMENT;
  const StpSketchItem *region;

  gtk_widget_set_visible (self->density_spin, treatment);
  gtk_widget_set_visible (self->shade_entry, treatment);
  if (self->syncing)
    return;

  region = selected_region (self);
  if (region != NULL)
    {
      edit_selected_region (self, region,
                            treatment ? STP_SKETCH_ROLE_TREATMENT : STP_SKETCH_ROLE_SCAR,
                            gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->density_spin)),
                            gtk_editable_get_text (GTK_EDITABLE (self->shade_entry)));
      return;
    }

  stp_sketch_canvas_set_region_options (self->canvas,
                                        treatment ? STP_SKETCH_ROLE_TREATMENT :
                                                    STP_SKETCH_ROLE_SCAR,
                                        gtk_spin_button_get_value (
                                          GTK_SPIN_BUTTON (self->density_spin)),
                                        gtk_editable_get_text (
                                          GTK_EDITABLE (self->shade_entry)));
}

static void
undo_clicked_cb (StpSketchPage *self)
{
  end_edit_group (self);
  stp_sketch_canvas_undo (self->canvas);
}

static void
redo_clicked_cb (StpSketchPage *self)
{
  end_edit_group (self);
  stp_sketch_canvas_redo (self->canvas);
}

/* Calibration: the canvas marked two points; ask how far apart they really are. */

static gboolean
parse_mm (const char *text,
          double     *mm)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  g_strdelimit (copy, ",", '.');
  if (copy[0] == '\0')
    return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value))
    return FALSE;
  *mm = value;
  return TRUE;
}

static void
calibrate_entry_changed_cb (GtkEditable      *entry,
                            AdwMessageDialog *dialog)
{
  GtkWidget *error_label = g_object_get_data (G_OBJECT (dialog), "error-label");
  const char *text = gtk_editable_get_text (entry);
  double mm = 0;
  const char *problem = NULL;

  if (text[0] == '\0')
    problem = "";
  else if (!parse_mm (text, &mm))
    problem = _("Type the length as a number of millimetres, like 25 or 12.5.");
  else if (mm <= 0 || mm > STP_SKETCH_MAX_CALIBRATION)
    problem = _("The length must be more than 0 and at most 10,000 mm.");

  gtk_label_set_label (GTK_LABEL (error_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (error_label, problem != NULL && problem[0] != '\0');
  adw_message_dialog_set_response_enabled (dialog, "calibrate", problem == NULL);
}

static void
calibrate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       StpSketchPage    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  double *points = g_object_get_data (G_OBJECT (dialog), "points");
  g_autoptr (GError) error = NULL;
  double mm;

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  if (g_strcmp0 (response, "calibrate") != 0 || self->history == NULL ||
      !parse_mm (gtk_editable_get_text (entry), &mm))
    return;

  if (!stp_sketch_history_set_calibration (self->history, points[0], points[1], points[2],
                                           points[3], mm, &error))
    {
      toast_error (self, _("Not calibrated:"), error);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Calibrated: the measure tool (M) now "
                                                  "reads millimetres."));
    toast (self, message);
  }
}

static void
canvas_calibrate_cb (StpSketchCanvas *canvas,
                     double           x1,
                     double           y1,
                     double           x2,
                     double           y2,
                     StpSketchPage   *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error_label = gtk_label_new (NULL);
  double *points = g_new (double, 4);
  g_autofree char *body = g_strdup_printf (_("The line is %.0f pixels long. How long is it "
                                             "really, in millimetres?"),
                                           hypot (x2 - x1, y2 - y1));

  points[0] = x1; points[1] = y1; points[2] = x2; points[3] = y2;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Calibrate"), body);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Length in mm"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Length in millimetres"), -1);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "calibrate", _("C_alibrate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "calibrate",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "calibrate");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "calibrate", FALSE);

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_object_set_data_full (G_OBJECT (dialog), "points", points, g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (calibrate_entry_changed_cb),
                           dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (calibrate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Saving. */

static GBytes *
render_thumbnail (StpSketchPage *self)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = stp_sketch_render_thumbnail (self->sketch, self->photo, THUMB_SIDE, &error);

  /* Without a thumbnail the store renders one from the sketch alone: still a save. */
  if (bytes == NULL)
    g_warning ("Could not render the sketch's thumbnail: %s", error->message);
  return bytes;
}

gint64
stp_sketch_page_save_new_version (StpSketchPage  *self,
                                  const char     *name,
                                  GError        **error)
{
  g_autoptr (GBytes) thumbnail = NULL;
  g_autofree char *trimmed = NULL;
  gint64 id;

  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (self->sketch != NULL && self->store != NULL, 0);

  trimmed = g_strstrip (g_strdup (name));
  end_edit_group (self);
  stp_sketch_set_name (self->sketch, trimmed);
  thumbnail = render_thumbnail (self);
  id = stp_store_create_sketch_version (self->store, self->client_id, self->photo_id, trimmed,
                                        self->sketch, thumbnail, error);
  if (id == 0)
    return 0;

  self->version_id = id;
  self->locked = FALSE;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->locked_revealer), FALSE);
  stp_sketch_history_mark_saved (self->history);
  set_title (self, trimmed);
  return id;
}

static gboolean
update_version (StpSketchPage  *self,
                GError        **error)
{
  g_autoptr (GBytes) thumbnail = NULL;

  end_edit_group (self);
  thumbnail = render_thumbnail (self);
  if (!stp_store_update_sketch_version (self->store, self->version_id, self->sketch, thumbnail,
                                        error))
    return FALSE;
  stp_sketch_history_mark_saved (self->history);
  return TRUE;
}

static void
name_entry_changed_cb (StpSketchPage *self)
{
  g_autofree char *name = NULL;
  g_autofree char *problem = NULL;
  gboolean ok;

  /* The entry empties itself as the dialog goes away after its answer. */
  if (self->name_entry == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  ok = name[0] != '\0';

  if (g_utf8_strlen (name, -1) > STP_SKETCH_MAX_NAME)
    {
      problem = g_strdup_printf (_("A name can have at most %d characters."),
                                 STP_SKETCH_MAX_NAME);
      ok = FALSE;
    }
  for (guint i = 0; ok && self->taken_names != NULL && i < self->taken_names->len; i++)
    if (g_utf8_collate (g_ptr_array_index (self->taken_names, i), name) == 0)
      {
        problem = g_strdup_printf (_("This client already has a version called “%s”. "
                                     "Choose another name."), name);
        ok = FALSE;
      }

  gtk_label_set_label (GTK_LABEL (self->name_error), problem != NULL ? problem : "");
  gtk_widget_set_visible (self->name_error, problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (self->name_entry, "error");
  else
    gtk_widget_remove_css_class (self->name_entry, "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self->name_dialog), "save", ok);
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  StpSketchPage    *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  StpSketchPageLeaveFunc then = self->after_save;
  gpointer then_data = self->after_save_data;

  /* One answer per dialog. */
  if (GTK_WIDGET (dialog) != self->name_dialog)
    return;

  self->after_save = NULL;
  self->after_save_data = NULL;
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  self->name_dialog = NULL;
  self->name_entry = NULL;
  self->name_error = NULL;
  g_clear_pointer (&self->taken_names, g_ptr_array_unref);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));

  if (g_strcmp0 (response, "save") != 0)
    return;

  if (stp_sketch_page_save_new_version (self, name, &error) == 0)
    {
      toast_error (self, _("The sketch was not saved:"), error);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Saved as “%s”"), self->title);
    toast (self, message);
  }
  if (then != NULL)
    then (then_data);
}

void
stp_sketch_page_save_as (StpSketchPage          *self,
                         StpSketchPageLeaveFunc  then,
                         gpointer                user_data)
{
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *box;
  const char *current;

  g_return_if_fail (STP_IS_SKETCH_PAGE (self));

  if (self->sketch == NULL || self->store == NULL || self->name_dialog != NULL)
    return;

  /* Names already used by this client are refused as they are typed, not after. */
  versions = stp_store_list_sketch_versions (self->store, self->client_id, &error);
  if (versions == NULL)
    {
      toast_error (self, _("The sketch versions could not be read:"), error);
      return;
    }
  self->taken_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < versions->len; i++)
    {
      StpSketchVersion *v = g_ptr_array_index (versions, i);
      g_ptr_array_add (self->taken_names, g_strdup (v->name));
    }

  self->after_save = then;
  self->after_save_data = user_data;
  self->name_dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Save Sketch Version"),
                                              _("Name this version so it can be found again, "
                                                "like “Consultation hairline”."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->name_entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (self->name_entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->name_entry), _("Version name"));
  gtk_entry_set_max_length (GTK_ENTRY (self->name_entry), STP_SKETCH_MAX_NAME);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Version name"), -1);
  current = stp_sketch_get_name (self->sketch);
  if (self->version_id == 0 && current != NULL && current[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), current);
  self->name_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->name_error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->name_error), 0);
  gtk_widget_add_css_class (self->name_error, "error");
  gtk_box_append (GTK_BOX (box), self->name_entry);
  gtk_box_append (GTK_BOX (box), self->name_error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self->name_dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self->name_dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self->name_dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self->name_dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self->name_dialog), "cancel");
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (name_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_dialog, "response", G_CALLBACK (name_response_cb),
                           self, 0);
  name_entry_changed_cb (self);
  gtk_window_present (GTK_WINDOW (self->name_dialog));
  gtk_widget_grab_focus (self->name_entry);
}

void
stp_sketch_page_save (StpSketchPage          *self,
                      StpSketchPageLeaveFunc  then,
                      gpointer                user_data)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (STP_IS_SKETCH_PAGE (self));

  if (self->sketch == NULL)
    return;

  if (self->version_id == 0 || self->locked)
    {
      stp_sketch_page_save_as (self, then, user_data);
      return;
    }

  if (!update_version (self, &error))
    {
      toast_error (self, _("The sketch was not saved:"), error);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("“%s” saved"), self->title);
    toast (self, message);
  }
  if (then != NULL)
    then (user_data);
}

GtkWidget *
stp_sketch_page_get_name_dialog (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), NULL);
  return self->name_dialog;
}

/* Leaving. */

typedef struct
{
  StpSketchPage          *page;
  StpSketchPageLeaveFunc  leave;
  gpointer                user_data;
  GDestroyNotify          destroy;
} LeaveData;

static void
leave_data_free (gpointer data)
{
  LeaveData *leave = data;

  if (leave->destroy != NULL)
    leave->destroy (leave->user_data);
  g_free (leave);
}

static void
leave_after_save (gpointer data)
{
  StpSketchPage *self = data;
  LeaveData *leave = g_steal_pointer (&self->pending_leave);

  if (leave == NULL)
    return;
  leave->leave (leave->user_data);
  leave_data_free (leave);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   LeaveData        *leave)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      /* The caller leaves; what it loads next replaces this sketch. */
      stp_sketch_history_mark_saved (leave->page->history);
      leave->leave (leave->user_data);
      leave_data_free (leave);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      /* The leave happens once the save (maybe after its name dialog) succeeded; a
       * cancelled name dialog or a failed save stays on the page. */
      StpSketchPage *page = leave->page;

      g_clear_pointer (&page->pending_leave, leave_data_free);
      page->pending_leave = leave;
      stp_sketch_page_save (page, leave_after_save, page);
    }
  else
    leave_data_free (leave);
}

gboolean
stp_sketch_page_confirm_leave (StpSketchPage          *self,
                               StpSketchPageLeaveFunc  leave,
                               gpointer                user_data,
                               GDestroyNotify          destroy)
{
  GtkWidget *dialog;
  LeaveData *data;

  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), TRUE);

  if (!stp_sketch_page_get_modified (self))
    {
      if (destroy != NULL)
        destroy (user_data);
      return TRUE;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Save the Sketch?"),
                                   _("The drawing has changes that are not saved in a "
                                     "version. If you discard them, they are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new (LeaveData, 1);
  data->page = self;
  data->leave = leave;
  data->user_data = user_data;
  data->destroy = destroy;
  g_signal_connect (dialog, "response", G_CALLBACK (leave_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

/* Export. */

gboolean
stp_sketch_page_write_png (StpSketchPage  *self,
                           const char     *path,
                           GError        **error)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);
  g_return_val_if_fail (self->sketch != NULL, FALSE);

  return stp_sketch_export_png (self->sketch, self->photo, STP_SKETCH_RENDER_EXPORT, path,
                                error);
}

gboolean
stp_sketch_page_write_svg (StpSketchPage  *self,
                           const char     *path,
                           GError        **error)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);
  g_return_val_if_fail (self->sketch != NULL, FALSE);

  return stp_sketch_export_svg (self->sketch, path, error);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     StpSketchPage   *self)
{
  gboolean svg = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "svg"));
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || self->sketch == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Not exported: choose a folder on this computer."));
      return;
    }

  if (!(svg ? stp_sketch_page_write_svg (self, path, &error) :
              stp_sketch_page_write_png (self, path, &error)))
    {
      toast_error (self, _("Not exported:"), error);
      return;
    }

  {
    g_autofree char *base = g_file_get_basename (file);
    g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);
    toast (self, message);
  }
}

static void
export_with_chooser (StpSketchPage *self,
                     gboolean       svg)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *title = self->title != NULL ? self->title : _("Sketch");

  if (self->sketch == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (svg ? _("Export Sketch as SVG") :
                                                     _("Export Sketch as PNG"),
                                               GTK_WINDOW (gtk_widget_get_root (
                                                 GTK_WIDGET (self))),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, svg ? _("SVG drawings") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);

  /* File names keep away from characters other systems refuse. */
  name = g_strdup_printf ("%s.%s", title, svg ? "svg" : "png");
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_object_set_data (G_OBJECT (self->chooser), "svg", GINT_TO_POINTER (svg));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
stp_sketch_page_export_png (StpSketchPage *self)
{
  g_return_if_fail (STP_IS_SKETCH_PAGE (self));
  export_with_chooser (self, FALSE);
}

void
stp_sketch_page_export_svg (StpSketchPage *self)
{
  g_return_if_fail (STP_IS_SKETCH_PAGE (self));
  export_with_chooser (self, TRUE);
}

/* Loading. */

static void
set_sketch (StpSketchPage *self,
            StpSketch     *sketch,
            GdkPixbuf     *photo)
{
  g_autoptr (GdkTexture) texture = NULL;
  int longest;

  end_edit_group (self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  if (self->sketch != NULL)
    g_signal_handlers_disconnect_by_data (self->sketch, self);
  g_clear_object (&self->history);
  g_clear_object (&self->sketch);
  g_clear_object (&self->photo);

  if (sketch != NULL)
    {
      self->sketch = g_object_ref (sketch);
      self->history = stp_sketch_history_new (sketch);
      self->photo = photo != NULL ? g_object_ref (photo) : NULL;
      g_signal_connect_object (self->history, "notify::can-undo",
                               G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::can-redo",
                               G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::modified",
                               G_CALLBACK (history_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sketch, "changed", G_CALLBACK (sketch_changed_cb), self, 0);

      /* Lines a few pixels wide on a phone photo of 4000 pixels look like hairs. */
      longest = MAX (stp_sketch_get_photo_width (sketch), stp_sketch_get_photo_height (sketch));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->pen_width_spin),
                                 MAX (2, round (longest / 400.0)));
    }

  if (self->photo != NULL)
    texture = gdk_texture_new_for_pixbuf (self->photo);
  stp_sketch_canvas_set_photo (self->canvas, texture);
  /* Another sketch opens as a drawing, not as the previous one's preview. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->preview_button), FALSE);
  g_clear_object (&self->preview_skin);
  if (self->preview != NULL)
    stp_preview_view_set_sketch (self->preview, NULL, NULL);
  stp_sketch_canvas_set_history (self->canvas, self->history);
  sync_layers (self);
  sync_history (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

gboolean
stp_sketch_page_new_sketch (StpSketchPage  *self,
                            gint64          client_id,
                            gint64          photo_id,
                            const char     *photo_path,
                            GError        **error)
{
  g_autoptr (GdkPixbuf) photo = NULL;
  g_autoptr (StpSketch) sketch = NULL;

  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);
  g_return_val_if_fail (client_id > 0, FALSE);

  if (photo_path != NULL)
    {
      photo = stp_sketch_page_load_photo (photo_path, error);
      if (photo == NULL)
        return FALSE;
      sketch = stp_sketch_new (gdk_pixbuf_get_width (photo), gdk_pixbuf_get_height (photo));
    }
  else
    sketch = stp_sketch_new (PAPER_WIDTH, PAPER_HEIGHT);

  self->client_id = client_id;
  self->photo_id = photo != NULL ? photo_id : 0;
  self->version_id = 0;
  self->locked = FALSE;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->locked_revealer), FALSE);
  set_sketch (self, sketch, photo);
  set_title (self, _("New Sketch"));
  stp_sketch_canvas_set_tool (self->canvas, STP_SKETCH_TOOL_CURVE);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return TRUE;
}

gboolean
stp_sketch_page_open_version (StpSketchPage  *self,
                              gint64          version_id,
                              const char     *photo_path,
                              GError        **error)
{
  g_autoptr (StpSketchVersion) version = NULL;
  g_autoptr (StpSketch) sketch = NULL;
  g_autoptr (GdkPixbuf) photo = NULL;

  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  version = stp_store_get_sketch_version (self->store, version_id, error);
  if (version == NULL)
    return FALSE;
  sketch = stp_store_load_sketch (self->store, version_id, error);
  if (sketch == NULL)
    return FALSE;

  if (photo_path != NULL)
    {
      g_autoptr (GError) photo_error = NULL;

      /* A photo that went missing must not lock the drawing away: show it on paper. */
      photo = stp_sketch_page_load_photo (photo_path, &photo_error);
      if (photo == NULL)
        g_warning ("The sketch's photo could not be loaded: %s", photo_error->message);
    }

  self->client_id = version->client_id;
  self->photo_id = version->photo_id;
  self->version_id = version_id;
  self->locked = version->locked_at != 0;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->locked_revealer), self->locked);
  set_sketch (self, sketch, photo);
  set_title (self, version->name);
  stp_sketch_canvas_set_tool (self->canvas, STP_SKETCH_TOOL_SELECT);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return TRUE;
}

void
stp_sketch_page_clear (StpSketchPage *self)
{
  g_return_if_fail (STP_IS_SKETCH_PAGE (self));

  set_sketch (self, NULL, NULL);
  self->client_id = 0;
  self->photo_id = 0;
  self->version_id = 0;
  self->locked = FALSE;
  set_title (self, NULL);
}

/* The SMP preview: the same sketch, shown as healed dots over the photo, with the
 * before/after divider. Turning it on swaps the canvas for the preview; the drawing
 * tools rest meanwhile, as there is nothing to draw on. */

/* A sketch on plain paper is previewed on an even, mid skin tone the size of its paper,
 * so the dots can still be judged. */
static GdkPixbuf *
preview_photo (StpSketchPage *self)
{
  if (self->photo != NULL)
    return self->photo;

  if (self->preview_skin == NULL)
    {
      self->preview_skin = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                           stp_sketch_get_photo_width (self->sketch),
                                           stp_sketch_get_photo_height (self->sketch));
      gdk_pixbuf_fill (self->preview_skin, 0xd2a887ff);
    }
  return self->preview_skin;
}

static void
preview_toggled_cb (GtkToggleButton *button,
                    StpSketchPage   *self)
{
  gboolean on = gtk_toggle_button_get_active (button) && self->sketch != NULL;

  if (on)
    {
      if (self->preview == NULL)
        {
          self->preview = STP_PREVIEW_VIEW (stp_preview_view_new ());
          gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->preview), "preview");
        }
      if (stp_preview_view_get_sketch (self->preview) != self->sketch)
        stp_preview_view_set_sketch (self->preview, self->sketch, preview_photo (self));
      gtk_stack_set_visible_child_name (self->view_stack, "preview");
      gtk_widget_grab_focus (GTK_WIDGET (self->preview));
      gtk_label_set_label (GTK_LABEL (self->status_label),
                           _("Preview: drag the divider, or press Left and Right, to compare "
                             "with the photo as it is. Shift+P goes back to drawing."));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->view_stack, "canvas");
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      status_notify_cb (self);
    }
  gtk_widget_set_sensitive (self->tool_strip, !on);
  gtk_widget_set_visible (self->options_stack, !on);
}

gint64
stp_sketch_page_get_photo_id (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), 0);

  return self->photo_id;
}

gboolean
stp_sketch_page_get_previewing (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->preview_button));
}

void
stp_sketch_page_set_previewing (StpSketchPage *self,
                                gboolean       previewing)
{
  g_return_if_fail (STP_IS_SKETCH_PAGE (self));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->preview_button), previewing);
}

StpPreviewView *
stp_sketch_page_get_preview (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), NULL);

  return self->preview;
}

/* Building the page. */

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             gboolean    toggle)
{
  GtkWidget *button = toggle ? gtk_toggle_button_new () : gtk_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
build_tool_strip (StpSketchPage *self)
{
  GtkWidget *strip = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkToggleButton *group = NULL;

  gtk_widget_add_css_class (strip, "toolbar");
  gtk_widget_add_css_class (strip, "sketch-tools");
  for (guint i = 0; i < STP_SKETCH_N_TOOLS; i++)
    {
      /* Translators: a tool's name and the key that picks it, "Pen (P)". */
      g_autofree char *tip = g_strdup_printf (_("%s (%s)"), stp_sketch_tool_get_label (i),
                                              stp_sketch_tool_get_key (i));
      GtkWidget *button = icon_button (stp_sketch_tool_get_icon_name (i), tip, TRUE);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      stp_sketch_tool_get_label (i), -1);
      g_object_set_data (G_OBJECT (button), "tool", GUINT_TO_POINTER (i));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (tool_toggled_cb), self);
      gtk_box_append (GTK_BOX (strip), button);
      self->tool_buttons[i] = button;
    }
  return strip;
}

static GtkWidget *
build_layers_popover (StpSketchPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *heading = gtk_label_new (_("Layers"));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_grid_attach (GTK_GRID (grid), heading, 0, 0, 2, 1);

  for (guint i = 0; i < STP_SKETCH_N_LAYERS; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (stp_sketch_layer_get_label (i));
      GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 100, 5);
      g_autofree char *scale_label = g_strdup_printf (_("Opacity of %s"),
                                                      stp_sketch_layer_get_label (i));

      gtk_widget_set_tooltip_text (check, _("Show or hide this layer"));
      gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
      gtk_widget_set_size_request (scale, 140, -1);
      gtk_widget_set_tooltip_text (scale, _("Opacity"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      scale_label, -1);
      g_object_set_data (G_OBJECT (check), "layer", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (scale), "layer", GUINT_TO_POINTER (i));
      g_signal_connect (check, "toggled", G_CALLBACK (layer_check_toggled_cb), self);
      g_signal_connect (scale, "value-changed", G_CALLBACK (layer_scale_changed_cb), self);
      gtk_grid_attach (GTK_GRID (grid), check, 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), scale, 1, i + 1, 1, 1);
      self->layer_checks[i] = check;
      self->layer_scales[i] = scale;
    }

  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  return popover;
}

static GtkWidget *
build_options (StpSketchPage *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *pen = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *region = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  const char *roles[] = { N_("Treatment area"), N_("Scar"), NULL };
  const char *translated[3] = { _(roles[0]), _(roles[1]), NULL };

  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);

  label = gtk_label_new (_("Width"));
  gtk_widget_add_css_class (label, "dim-label");
  self->pen_width_spin = gtk_spin_button_new_with_range (0.5, 200, 1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->pen_width_spin), 1);
  gtk_widget_set_tooltip_text (self->pen_width_spin, _("Line width in photo pixels"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pen_width_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Line width"), -1);
  g_signal_connect (self->pen_width_spin, "value-changed", G_CALLBACK (pen_width_changed_cb),
                    self);
  gtk_box_append (GTK_BOX (pen), label);
  gtk_box_append (GTK_BOX (pen), self->pen_width_spin);

  self->role_dropdown = gtk_drop_down_new_from_strings (translated);
  gtk_widget_set_tooltip_text (self->role_dropdown, _("What the next region marks"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->role_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Region role"), -1);
  label = gtk_label_new (_("Density"));
  gtk_widget_add_css_class (label, "dim-label");
  self->density_spin = gtk_spin_button_new_with_range (0, STP_SKETCH_MAX_DENSITY, 5);
  gtk_widget_set_tooltip_text (self->density_spin,
                               _("Planned density in dots per cm² (0: not given)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->density_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Density"), -1);
  self->shade_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->shade_entry), _("Pigment shade"));
  gtk_entry_set_max_length (GTK_ENTRY (self->shade_entry), STP_SKETCH_MAX_SHADE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->shade_entry), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shade_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pigment shade"), -1);
  g_signal_connect_swapped (self->role_dropdown, "notify::selected",
                            G_CALLBACK (region_options_changed_cb), self);
  g_signal_connect_swapped (self->density_spin, "value-changed",
                            G_CALLBACK (region_options_changed_cb), self);
  g_signal_connect_swapped (self->shade_entry, "changed",
                            G_CALLBACK (region_options_changed_cb), self);
  gtk_box_append (GTK_BOX (region), self->role_dropdown);
  gtk_box_append (GTK_BOX (region), label);
  gtk_box_append (GTK_BOX (region), self->density_spin);
  gtk_box_append (GTK_BOX (region), self->shade_entry);
  g_object_bind_property (self->density_spin, "visible", label, "visible", G_BINDING_SYNC_CREATE);

  gtk_stack_add_named (GTK_STACK (stack), gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0), "none");
  gtk_stack_add_named (GTK_STACK (stack), pen, "pen");
  gtk_stack_add_named (GTK_STACK (stack), region, "region");
  return stack;
}

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) save = g_menu_new ();
  g_autoptr (GMenu) export = g_menu_new ();

  g_menu_append (save, _("Save as _New Version…"), "sketch.save-as");
  g_menu_append (export, _("Export _PNG…"), "sketch.export-png");
  g_menu_append (export, _("Export _SVG…"), "sketch.export-svg");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (save));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (export));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
build_top_bar (StpSketchPage *self)
{
  /* The "toolbar" style spaces the buttons already; more would fold the window's
   * sidebar away on a small screen. */
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *layers = gtk_menu_button_new ();
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Version…"));
  GtkWidget *zoom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button;
  g_autoptr (GMenuModel) model = build_menu ();

  gtk_widget_add_css_class (bar, "toolbar");

  self->undo_button = icon_button ("edit-undo-symbolic", _("Undo (Ctrl+Z)"), FALSE);
  self->redo_button = icon_button ("edit-redo-symbolic", _("Redo (Ctrl+Shift+Z)"), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Undo"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->redo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Redo"), -1);
  g_signal_connect_swapped (self->undo_button, "clicked", G_CALLBACK (undo_clicked_cb), self);
  g_signal_connect_swapped (self->redo_button, "clicked", G_CALLBACK (redo_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), self->undo_button);
  gtk_box_append (GTK_BOX (bar), self->redo_button);
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  self->mirror_button = icon_button ("stp-mirror-symbolic",
                                     _("Mirror: draw both sides of the midline (Shift+M)"),
                                     TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mirror_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mirror"), -1);
  g_signal_connect (self->mirror_button, "toggled", G_CALLBACK (mirror_toggled_cb), self);
  self->guides_button = icon_button ("stp-guides-symbolic",
                                     _("Guides: midline and facial thirds (G)"), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->guides_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Guides"), -1);
  g_signal_connect (self->guides_button, "toggled", G_CALLBACK (guides_toggled_cb), self);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (layers), "stp-layers-symbolic");
  gtk_widget_set_tooltip_text (layers, _("Layers"));
  gtk_widget_add_css_class (layers, "flat");
  gtk_widget_set_focus_on_click (layers, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (layers), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Layers"), -1);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (layers), build_layers_popover (self));
  gtk_box_append (GTK_BOX (bar), self->mirror_button);
  gtk_box_append (GTK_BOX (bar), self->guides_button);
  gtk_box_append (GTK_BOX (bar), layers);
  self->preview_button = gtk_toggle_button_new_with_mnemonic (_("Pre_view"));
  gtk_widget_set_tooltip_text (self->preview_button,
                               _("Show the healed result on the photo, with a before/after "
                                 "divider (Shift+P)"));
  gtk_widget_set_focus_on_click (self->preview_button, FALSE);
  g_signal_connect (self->preview_button, "toggled", G_CALLBACK (preview_toggled_cb), self);
  gtk_box_append (GTK_BOX (bar), self->preview_button);
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  gtk_widget_add_css_class (zoom_box, "linked");
  button = icon_button ("zoom-out-symbolic", _("Zoom Out (−)"), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Zoom Out"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (stp_sketch_canvas_zoom_out),
                            self->canvas);
  gtk_box_append (GTK_BOX (zoom_box), button);
  self->zoom_button = gtk_button_new_with_label ("100 %");
  gtk_widget_add_css_class (self->zoom_button, "flat");
  gtk_widget_add_css_class (self->zoom_button, "numeric");
  gtk_widget_set_focus_on_click (self->zoom_button, FALSE);
  gtk_widget_set_tooltip_text (self->zoom_button, _("Fit the Photo (0); 100 % is 1"));
  g_signal_connect_swapped (self->zoom_button, "clicked", G_CALLBACK (stp_sketch_canvas_zoom_fit),
                            self->canvas);
  gtk_box_append (GTK_BOX (zoom_box), self->zoom_button);
  button = icon_button ("zoom-in-symbolic", _("Zoom In (+)"), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Zoom In"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (stp_sketch_canvas_zoom_in),
                            self->canvas);
  gtk_box_append (GTK_BOX (zoom_box), button);
  gtk_box_append (GTK_BOX (bar), zoom_box);

  button = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_box_append (GTK_BOX (bar), button);

  gtk_widget_set_tooltip_text (save, _("Save the sketch as a named version (Ctrl+S)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "sketch.save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (bar), save);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu), model);
  gtk_widget_set_tooltip_text (menu, _("Sketch Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sketch Menu"), -1);
  gtk_box_append (GTK_BOX (bar), menu);
  return bar;
}

static GtkWidget *
build_locked_banner (StpSketchPage *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *label = gtk_label_new (_("Followed by a treatment session: this version stays as "
                                      "it is. Saving makes a new version."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (revealer, "sketch-locked-banner");
  gtk_revealer_set_child (GTK_REVEALER (revealer), label);
  return revealer;
}

/* Keys pressed while a toolbar button has the focus still pick tools and zoom; keys in
 * text fields stay with the fields. */
static gboolean
page_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     StpSketchPage         *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return FALSE;
  /* Space held for panning belongs to the canvas (its release goes there too); on a
   * button it presses the button. */
  if (keyval == GDK_KEY_space)
    return FALSE;
  if (keyval == GDK_KEY_P &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == GDK_SHIFT_MASK)
    {
      GtkToggleButton *preview = GTK_TOGGLE_BUTTON (self->preview_button);

      gtk_toggle_button_set_active (preview, !gtk_toggle_button_get_active (preview));
      return TRUE;
    }
  /* The preview view has keys of its own (Left and Right move its divider). */
  if (stp_sketch_page_get_previewing (self))
    return FALSE;
  return stp_sketch_canvas_handle_key (self->canvas, keyval, state);
}

/* Actions of the page ("sketch." group). */

static void
action_undo (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  undo_clicked_cb (STP_SKETCH_PAGE (widget));
}

static void
action_redo (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  redo_clicked_cb (STP_SKETCH_PAGE (widget));
}

static void
action_save (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  stp_sketch_page_save (STP_SKETCH_PAGE (widget), NULL, NULL);
}

static void
action_save_as (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  stp_sketch_page_save_as (STP_SKETCH_PAGE (widget), NULL, NULL);
}

static void
action_export_png (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  stp_sketch_page_export_png (STP_SKETCH_PAGE (widget));
}

static void
action_export_svg (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  stp_sketch_page_export_svg (STP_SKETCH_PAGE (widget));
}

/* Public getters. */

gint64
stp_sketch_page_get_client_id (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), 0);
  return self->client_id;
}

gint64
stp_sketch_page_get_version_id (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), 0);
  return self->version_id;
}

gboolean
stp_sketch_page_get_modified (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), FALSE);
  return self->history != NULL && stp_sketch_history_is_modified (self->history);
}

const char *
stp_sketch_page_get_title (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), NULL);
  return self->title;
}

StpSketchCanvas *
stp_sketch_page_get_canvas (StpSketchPage *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PAGE (self), NULL);
  return self->canvas;
}

void
stp_sketch_page_set_store (StpSketchPage *self,
                           StpStore      *store)
{
  g_return_if_fail (STP_IS_SKETCH_PAGE (self));
  g_set_object (&self->store, store);
}

GtkWidget *
stp_sketch_page_new (void)
{
  return g_object_new (STP_TYPE_SKETCH_PAGE, NULL);
}

/* GObject. */

static void
stp_sketch_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StpSketchPage *self = STP_SKETCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, stp_sketch_page_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_sketch_page_dispose (GObject *object)
{
  StpSketchPage *self = STP_SKETCH_PAGE (object);

  g_clear_handle_id (&self->edit_group_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->name_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->name_dialog));
  if (self->canvas != NULL)
    stp_sketch_canvas_set_history (self->canvas, NULL);
  if (self->preview != NULL)
    stp_preview_view_set_sketch (self->preview, NULL, NULL);
  g_clear_object (&self->preview_skin);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  if (self->sketch != NULL)
    g_signal_handlers_disconnect_by_data (self->sketch, self);
  g_clear_object (&self->history);
  g_clear_object (&self->sketch);
  g_clear_object (&self->photo);
  g_clear_object (&self->store);
  g_clear_pointer (&self->taken_names, g_ptr_array_unref);
  g_clear_pointer (&self->pending_leave, leave_data_free);

  G_OBJECT_CLASS (stp_sketch_page_parent_class)->dispose (object);
}

static void
stp_sketch_page_finalize (GObject *object)
{
  StpSketchPage *self = STP_SKETCH_PAGE (object);

  g_free (self->title);

  G_OBJECT_CLASS (stp_sketch_page_parent_class)->finalize (object);
}

static void
stp_sketch_page_class_init (StpSketchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_sketch_page_get_property;
  object_class->dispose = stp_sketch_page_dispose;
  object_class->finalize = stp_sketch_page_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "sketch.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "sketch.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "sketch.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "sketch.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "sketch.export-png", NULL, action_export_png);
  gtk_widget_class_install_action (widget_class, "sketch.export-svg", NULL, action_export_svg);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "sketch.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "sketch.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.save-as",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.save-as",
                                       NULL);
}

static void
stp_sketch_page_init (StpSketchPage *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkEventController *keys;

  self->canvas = STP_SKETCH_CANVAS (stp_sketch_canvas_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sketch canvas"), -1);

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->toast_overlay));
  adw_toast_overlay_set_child (self->toast_overlay, outer);

  gtk_box_append (GTK_BOX (outer), build_top_bar (self));
  self->locked_revealer = build_locked_banner (self);
  gtk_box_append (GTK_BOX (outer), self->locked_revealer);
  self->tool_strip = build_tool_strip (self);
  gtk_box_append (GTK_BOX (middle), self->tool_strip);
  gtk_box_append (GTK_BOX (middle), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  self->view_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->view_stack), TRUE);
  gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->canvas), "canvas");
  gtk_box_append (GTK_BOX (middle), GTK_WIDGET (self->view_stack));
  gtk_widget_set_vexpand (middle, TRUE);
  gtk_box_append (GTK_BOX (outer), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (outer), middle);
  gtk_box_append (GTK_BOX (outer), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->options_stack = build_options (self);
  self->status_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->status_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_widget_set_hexpand (self->status_label, TRUE);
  gtk_widget_add_css_class (self->status_label, "dim-label");
  gtk_widget_add_css_class (self->status_label, "caption");
  gtk_widget_add_css_class (bottom, "toolbar");
  gtk_box_append (GTK_BOX (bottom), self->options_stack);
  gtk_box_append (GTK_BOX (bottom), self->status_label);
  gtk_box_append (GTK_BOX (outer), bottom);

  g_signal_connect_object (self->canvas, "notify::zoom", G_CALLBACK (zoom_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::status", G_CALLBACK (status_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::tool", G_CALLBACK (tool_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::mirror", G_CALLBACK (mirror_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::selected", G_CALLBACK (update_options), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "calibrate", G_CALLBACK (canvas_calibrate_cb), self, 0);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (page_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  tool_notify_cb (self);
  region_options_changed_cb (self);
  sync_layers (self);
  sync_history (self);
  zoom_notify_cb (self);
}
